using MiniCollector.Pipeline.Config;
using MiniCollector.Pipeline.Tests.TestSupport;
using MiniCollector.Processors.Batch;

namespace MiniCollector.Pipeline.Tests.Batch;

/// <summary>Binding and validating <c>processors::batch</c>.</summary>
public sealed class BatchOptionsTests
{
    private static (BatchOptions Options, IReadOnlyList<ConfigError> Errors) Bind(string yaml)
    {
        return ConfigHelper.Bind<BatchOptions>(new BatchProcessorFactory(), yaml, "processors::batch");
    }

    [Fact]
    public void Empty_section_gives_the_reference_defaults()
    {
        var errors = new ConfigErrors();
        var options = BatchOptions.Bind(new ConfigSection(null, "processors::batch", errors));

        Assert.True(errors.IsEmpty);
        Assert.Equal(8192, options.SendBatchSize);
        Assert.Equal(TimeSpan.FromMilliseconds(200), options.Timeout);
        Assert.Equal(0, options.SendBatchMaxSize);
        Assert.Empty(options.MetadataKeys);
        Assert.Equal(1000, options.MetadataCardinalityLimit);
        Assert.Equal(0, options.MaxBufferedItems);
        Assert.Equal(81_920, options.BufferCapacity);
    }

    [Fact]
    public void Max_buffered_items_is_bound_and_its_automatic_value_follows_the_sizes()
    {
        var (options, errors) = Bind("max_buffered_items: 500\n");
        Assert.Empty(errors);
        Assert.Equal(500, options.BufferCapacity);

        Assert.Equal(65_536, new BatchOptions { SendBatchSize = 10 }.BufferCapacity);
        Assert.Equal(200_000, new BatchOptions { SendBatchSize = 10_000, SendBatchMaxSize = 20_000 }.BufferCapacity);

        var (_, negative) = Bind("max_buffered_items: -1\n");
        Assert.Contains(negative, e => e.Path.EndsWith("max_buffered_items", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_key_is_bound()
    {
        var (options, errors) = Bind("send_batch_size: 100\ntimeout: 1s\nsend_batch_max_size: 200\nmetadata_keys: [tenant, region]\nmetadata_cardinality_limit: 10\n");

        Assert.Empty(errors);
        Assert.Equal(100, options.SendBatchSize);
        Assert.Equal(TimeSpan.FromSeconds(1), options.Timeout);
        Assert.Equal(200, options.SendBatchMaxSize);
        Assert.Equal(["tenant", "region"], options.MetadataKeys);
        Assert.Equal(10, options.MetadataCardinalityLimit);
    }

    [Fact]
    public void Max_size_below_size_is_an_error()
    {
        var (_, errors) = Bind("send_batch_size: 10\nsend_batch_max_size: 5\n");

        var error = Assert.Single(errors);
        Assert.Equal("send_batch_max_size must be greater or equal to send_batch_size", error.Message);
        Assert.Equal("processors::batch::send_batch_max_size", error.Path);
        Assert.Equal(2, error.Location!.Value.Line);
    }

    [Theory]
    [InlineData("send_batch_size: 10\nsend_batch_max_size: 10\n")]
    [InlineData("send_batch_size: 10\nsend_batch_max_size: 0\n")]
    [InlineData("send_batch_max_size: 10000\n")]
    [InlineData("timeout: 0\n")]
    [InlineData("send_batch_size: 0\n")]
    public void Valid_combinations_bind_without_errors(string yaml)
    {
        Assert.Empty(Bind(yaml).Errors);
    }

    [Fact]
    public void Default_size_with_a_smaller_max_is_an_error()
    {
        var (_, errors) = Bind("send_batch_max_size: 100\n");

        Assert.Equal("send_batch_max_size must be greater or equal to send_batch_size", Assert.Single(errors).Message);
    }

    [Fact]
    public void Duplicate_metadata_keys_are_an_error_case_insensitively()
    {
        var (_, errors) = Bind("metadata_keys: [Tenant, tenant]\n");

        var error = Assert.Single(errors);
        Assert.Equal("processors::batch::metadata_keys", error.Path);
        Assert.Contains("duplicate", error.Message, StringComparison.Ordinal);
        Assert.Contains("tenant", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("send_batch_size: -1\n", "processors::batch::send_batch_size")]
    [InlineData("send_batch_max_size: -5\n", "processors::batch::send_batch_max_size")]
    [InlineData("timeout: -1s\n", "processors::batch::timeout")]
    [InlineData("metadata_cardinality_limit: -1\n", "processors::batch::metadata_cardinality_limit")]
    [InlineData("timeout: fast\n", "processors::batch::timeout")]
    [InlineData("metadata_keys: tenant\n", "processors::batch::metadata_keys")]
    public void Invalid_values_are_errors_naming_the_key(string yaml, string path)
    {
        var (options, errors) = Bind(yaml);

        Assert.Equal(path, Assert.Single(errors).Path);
        Assert.Equal(8192, options.SendBatchSize);
    }

    [Fact]
    public void Unknown_key_is_an_error_listing_the_valid_keys()
    {
        var (_, errors) = Bind("send_batch_size: 10\nsend_batch_max_size_bytes: 100\n");

        Assert.Equal(
            "unknown key \"send_batch_max_size_bytes\" (valid keys: send_batch_size, timeout, send_batch_max_size, metadata_keys, metadata_cardinality_limit, max_buffered_items)",
            Assert.Single(errors).Message);
    }
}

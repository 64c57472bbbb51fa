using MiniCollector.Exporters.Prometheus.Translation;
using MiniCollector.Otlp.Common;

namespace MiniCollector.Exporters.Tests.Prometheus.Translation;

public class LabelSetBuilderTests
{
    private static KeyValuePair<string, string> L(string name, string value) => new(name, value);

    [Fact]
    public void Names_are_sanitised_and_sorted()
    {
        var labels = new LabelSetBuilder(TranslationStrategy.UnderscoreEscapingWithSuffixes)
            .Add("service.name", "checkout")
            .Add("http.method", "GET")
            .Add("a", "1")
            .Build();

        Assert.Equal([L("a", "1"), L("http_method", "GET"), L("service_name", "checkout")], labels);
    }

    [Fact]
    public void Colliding_names_join_values_in_order_of_the_original_keys()
    {
        var labels = new LabelSetBuilder(TranslationStrategy.UnderscoreEscapingWithSuffixes)
            .Add("a_b", "v2")
            .Add("a.b", "v1")
            .Build();

        // "a.b" < "a_b" ordinally, so its value comes first, whatever order they were added in.
        Assert.Equal([L("a_b", "v1;v2")], labels);
    }

    [Fact]
    public void Three_way_collision_is_ordered_by_original_key()
    {
        var labels = new LabelSetBuilder(TranslationStrategy.UnderscoreEscapingWithSuffixes)
            .Add("a/b", "slash")
            .Add("a_b", "underscore")
            .Add("a-b", "dash")
            .Add("z", "last")
            .Build();

        Assert.Equal([L("a_b", "dash;slash;underscore"), L("z", "last")], labels);
    }

    [Fact]
    public void Same_attributes_in_any_order_give_the_same_labels()
    {
        var one = new LabelSetBuilder(TranslationStrategy.UnderscoreEscapingWithSuffixes).Add("x", "1").Add("a.b", "p").Add("a_b", "q").Build();
        var two = new LabelSetBuilder(TranslationStrategy.UnderscoreEscapingWithSuffixes).Add("a_b", "q").Add("x", "1").Add("a.b", "p").Build();
        Assert.Equal(one, two);
    }

    [Fact]
    public void No_collision_under_utf8_strategies()
    {
        var labels = new LabelSetBuilder(TranslationStrategy.NoTranslation)
            .Add("a_b", "v2")
            .Add("a.b", "v1")
            .Build();

        Assert.Equal([L("a.b", "v1"), L("a_b", "v2")], labels);
    }

    [Fact]
    public void Keys_without_a_valid_name_are_dropped()
    {
        var labels = new LabelSetBuilder(TranslationStrategy.UnderscoreEscapingWithSuffixes)
            .Add("", "no key")
            .Add("____", "only underscores")
            .Add("ok", "yes")
            .Build();

        Assert.Equal([L("ok", "yes")], labels);
    }

    [Fact]
    public void Empty_values_are_dropped_but_kept_inside_a_join()
    {
        var labels = new LabelSetBuilder(TranslationStrategy.UnderscoreEscapingWithSuffixes)
            .Add("empty", "")
            .Add("a.b", "")
            .Add("a_b", "x")
            .Build();

        Assert.Equal([L("a_b", ";x")], labels);
    }

    [Fact]
    public void Otlp_attributes_are_converted_with_the_AnyValue_rules()
    {
        var attributes = new Google.Protobuf.Collections.RepeatedField<KeyValue>
        {
            new KeyValue { Key = "http.status_code", Value = new AnyValue { IntValue = 200 } },
            new KeyValue { Key = "retry", Value = new AnyValue { BoolValue = true } },
        };

        var labels = new LabelSetBuilder(TranslationStrategy.UnderscoreEscapingWithSuffixes).AddRange(attributes).Build();
        Assert.Equal([L("http_status_code", "200"), L("retry", "true")], labels);
    }

    [Fact]
    public void Clear_makes_the_builder_reusable()
    {
        var builder = new LabelSetBuilder(TranslationStrategy.UnderscoreEscapingWithSuffixes, capacity: 1);
        builder.Add("a", "1").Add("b", "2").Add("c", "3");
        Assert.Equal(3, builder.Count);
        Assert.Equal(3, builder.Build().Length);

        builder.Clear();
        Assert.Equal(0, builder.Count);
        Assert.Equal([L("d", "4")], builder.Add("d", "4").Build());
    }

    [Fact]
    public void An_empty_builder_gives_no_labels()
    {
        Assert.Empty(new LabelSetBuilder(TranslationStrategy.UnderscoreEscapingWithSuffixes).Build());
    }
}

using Microsoft.Extensions.Logging.Abstractions;
using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Config;
using MiniCollector.Receivers.Otlp;

namespace MiniCollector.Receiver.Tests.TestSupport;

/// <summary>A real OTLP receiver on a loopback port chosen by the OS, feeding a recording consumer.</summary>
internal sealed class ReceiverHarness : IAsyncDisposable
{
    private readonly OtlpReceiver _receiver;

    private ReceiverHarness(OtlpReceiver receiver, RecordingConsumer consumer)
    {
        _receiver = receiver;
        Consumer = consumer;
        BaseAddress = new Uri(receiver.Endpoints[0].Url);
        Client = new HttpClient { BaseAddress = BaseAddress };
    }

    public RecordingConsumer Consumer { get; }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    /// <summary>Starts a receiver whose http protocol section is the given YAML (endpoint forced to 127.0.0.1:0).</summary>
    public static async Task<ReceiverHarness> StartAsync(string httpSettingsYaml = "")
    {
        var yaml = "protocols:\n  http:\n    endpoint: 127.0.0.1:0\n" + string.Join("\n", httpSettingsYaml.Split('\n').Select(l => "    " + l));
        var errors = new ConfigErrors();
        var node = YamlConfigReader.Read(yaml, "test.yaml", EnvExpander.Process, errors);
        var options = OtlpReceiverOptions.Bind(new ConfigSection(node, "receivers::otlp", errors));
        Assert.Empty(errors.Items);

        var consumer = new RecordingConsumer();
        var context = new ComponentContext(new ComponentId("otlp", string.Empty), ComponentKind.Receiver, NullLoggerFactory.Instance);
        var receiver = new OtlpReceiver(context, options, SignalConsumers.AllTo(consumer));
        await receiver.StartAsync(CancellationToken.None);
        return new ReceiverHarness(receiver, consumer);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _receiver.ShutdownAsync(CancellationToken.None);
    }
}

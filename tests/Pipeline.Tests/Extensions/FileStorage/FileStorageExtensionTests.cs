using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using MiniCollector.Extensions.FileStorage;
using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Storage;
using MiniCollector.Pipeline.Tests.TestSupport;
using static MiniCollector.Pipeline.Tests.Extensions.FileStorage.QueueTesting;

namespace MiniCollector.Pipeline.Tests.Extensions.FileStorage;

/// <summary>The <c>file_storage</c> extension: its directory at start, queue directories per component, and the lock.</summary>
public sealed class FileStorageExtensionTests : IAsyncLifetime
{
    private static readonly ComponentId Otlp = new("otlp", string.Empty);
    private static readonly ComponentId Backup = new("otlphttp", "backup");

    private readonly TempDir _temp = new();
    private readonly List<FileStorageExtension> _started = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var extension in _started)
        {
            await extension.ShutdownAsync(CancellationToken.None).WaitAsync(HangGuard);
        }

        _temp.Dispose();
    }

    private static FileStorageExtension Create(FileStorageOptions options, string name = "", TimeProvider? time = null)
        => (FileStorageExtension)new FileStorageExtensionFactory().Create(
            new ComponentContext(new ComponentId("file_storage", name), ComponentKind.Extension, NullLoggerFactory.Instance) { Time = time ?? TimeProvider.System },
            options);

    private async Task<FileStorageExtension> Start(FileStorageOptions? options = null, TimeProvider? time = null)
    {
        var extension = Create(options ?? new FileStorageOptions { Directory = _temp.Path }, time: time);
        await extension.StartAsync(CancellationToken.None).WaitAsync(HangGuard);
        _started.Add(extension);
        return extension;
    }

    [Fact]
    public async Task A_missing_directory_fails_the_start_naming_it_and_the_fix()
    {
        var missing = Path.Combine(_temp.Path, "nope");
        var extension = Create(new FileStorageOptions { Directory = missing });

        var error = await Assert.ThrowsAsync<ComponentStartException>(() => extension.StartAsync(CancellationToken.None));
        Assert.Contains("extensions::file_storage", error.Message, StringComparison.Ordinal);
        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
        Assert.Contains("create_directory: true", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(missing));
    }

    [Fact]
    public async Task A_file_where_the_directory_should_be_fails_the_start()
    {
        var file = _temp.Write("plain", "x");

        var error = await Assert.ThrowsAsync<ComponentStartException>(() => Create(new FileStorageOptions { Directory = file, CreateDirectory = true }).StartAsync(CancellationToken.None));
        Assert.Contains("is a file", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("700")]
    [InlineData("750")]
    public async Task Create_directory_creates_it_and_its_parents_with_the_permissions(string octal)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var directory = Path.Combine(_temp.Path, "a", "b");
        var permissions = (UnixFileMode)Convert.ToInt32(octal, 8);
        await Start(new FileStorageOptions { Directory = directory, CreateDirectory = true, DirectoryPermissions = permissions });

        // mkdir applies the umask, in the reference too; a directory asked for 0777 shows which bits it removes.
        var probe = Path.Combine(_temp.Path, "umask-probe");
        Directory.CreateDirectory(probe, (UnixFileMode)Convert.ToInt32("777", 8));
        var allowed = File.GetUnixFileMode(probe);
        Assert.True(Directory.Exists(directory));
        Assert.Equal(permissions & allowed, File.GetUnixFileMode(directory));
    }

    [Fact]
    public async Task Each_component_gets_its_own_queue_directory_and_others_are_left_alone()
    {
        var stale = Path.Combine(_temp.Path, "exporter_gone_");
        Directory.CreateDirectory(stale);
        File.WriteAllText(Path.Combine(stale, "000000000001.seg"), "a removed exporter's data");
        var extension = await Start();

        await using (var otlp = extension.OpenQueue(ComponentKind.Exporter, Otlp))
        await using (var backup = extension.OpenQueue(ComponentKind.Exporter, Backup))
        {
            await Append(otlp, 1);
            await Append(backup, 2);
            await Append(backup, 3);
        }

        await extension.ShutdownAsync(CancellationToken.None);
        Assert.Single(SegmentFiles(Path.Combine(_temp.Path, "exporter_otlp_")));
        Assert.Single(SegmentFiles(Path.Combine(_temp.Path, "exporter_otlphttp_backup")));
        Assert.Equal("a removed exporter's data", File.ReadAllText(Path.Combine(stale, "000000000001.seg")));

        var again = await Start();
        await using var reopened = again.OpenQueue(ComponentKind.Exporter, Backup);
        Assert.Equal([2, 3], reopened.Recovered.Select(r => r.ItemCount));
    }

    [Fact]
    public async Task Another_collector_holding_a_queue_makes_the_open_fail_after_the_timeout()
    {
        // The timeout runs on the extension's clock: the open keeps trying while the clock is moved a minute at a time,
        // and gives up only once the whole hour has passed on it.
        var clock = new FakeTimeProvider(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var start = clock.GetUtcNow();
        var first = await Start();
        var second = await Start(new FileStorageOptions { Directory = _temp.Path, Timeout = TimeSpan.FromHours(1) }, clock);
        await using var held = first.OpenQueue(ComponentKind.Exporter, Backup);

        var opening = Task.Run(() => second.OpenQueue(ComponentKind.Exporter, Backup));
        var deadline = DateTime.UtcNow + HangGuard;
        while (!opening.IsCompleted && DateTime.UtcNow < deadline)
        {
            clock.Advance(TimeSpan.FromMinutes(1));

            // The opening thread polls the lock file every 25 ms of real time; this gives it a look at each minute.
            await Task.WhenAny(opening, Task.Delay(30));
        }

        var error = await Assert.ThrowsAsync<ComponentStartException>(() => opening.WaitAsync(HangGuard));
        Assert.True(clock.GetUtcNow() - start >= TimeSpan.FromHours(1), $"gave up after {clock.GetUtcNow() - start} on the clock");
        Assert.Contains("within 1h0m0s", error.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(_temp.Path, "exporter_otlphttp_backup"), error.Message, StringComparison.Ordinal);
        Assert.Contains("another collector is using it", error.Message, StringComparison.Ordinal);

        // Other components' queues are not affected.
        await using var other = second.OpenQueue(ComponentKind.Exporter, Otlp);
    }

    [Fact]
    public async Task A_queue_opens_once_the_other_collector_lets_go_within_the_timeout()
    {
        // On a clock that does not move, the timeout cannot run out however slowly the machine goes.
        var first = await Start();
        var second = await Start(new FileStorageOptions { Directory = _temp.Path, Timeout = HangGuard }, new FakeTimeProvider());
        var held = first.OpenQueue(ComponentKind.Exporter, Otlp);
        var record = await Append(held, 7);

        var waiting = Task.Run(() => second.OpenQueue(ComponentKind.Exporter, Otlp));
        await held.DisposeAsync();
        await using var opened = await waiting.WaitAsync(HangGuard);

        Assert.Equal([record], opened.Recovered);
    }

    [Fact]
    public async Task Opening_the_same_queue_twice_in_one_collector_fails_at_once_until_it_is_closed()
    {
        var extension = await Start(new FileStorageOptions { Directory = _temp.Path, Timeout = HangGuard });
        var queue = extension.OpenQueue(ComponentKind.Exporter, Otlp);

        var error = Assert.Throws<ComponentStartException>(() => extension.OpenQueue(ComponentKind.Exporter, Otlp));
        Assert.Contains("already open", error.Message, StringComparison.Ordinal);

        await queue.DisposeAsync();
        await using var again = extension.OpenQueue(ComponentKind.Exporter, Otlp);
    }

    [Fact]
    public async Task Shutdown_closes_the_queues_left_open_after_writing_them()
    {
        var extension = await Start();
        var queue = extension.OpenQueue(ComponentKind.Exporter, Otlp);
        var record = await Append(queue, 4);

        await extension.ShutdownAsync(CancellationToken.None);
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await queue.AppendAsync(Signals.Signal.Logs, 1, [new byte[1]], CancellationToken.None));

        var again = await Start();
        await using var reopened = again.OpenQueue(ComponentKind.Exporter, Otlp);
        Assert.Equal([record], reopened.Recovered);
    }

    [Fact]
    public void Opening_a_queue_before_start_is_a_programming_error()
        => Assert.Throws<InvalidOperationException>(() => Create(new FileStorageOptions { Directory = _temp.Path }).OpenQueue(ComponentKind.Exporter, Otlp));

    [Fact]
    public async Task The_extension_is_a_storage_extension_for_exporters()
    {
        IComponent extension = await Start();

        var storage = Assert.IsAssignableFrom<IStorageExtension>(extension);
        await using var queue = storage.OpenQueue(ComponentKind.Exporter, Otlp);
        Assert.IsAssignableFrom<IPersistentQueue>(queue);
    }
}

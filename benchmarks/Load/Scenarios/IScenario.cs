namespace MiniCollector.Benchmarks.Load.Scenarios;

/// <summary>One benchmark scenario: starts its own collector(s), measures, and adds to the results.</summary>
public interface IScenario
{
    /// <summary>The name used by <c>--scenarios</c> and in the report.</summary>
    string Name { get; }

    /// <summary>Whether it runs when <c>--scenarios</c> is not given.</summary>
    bool IsDefault { get; }

    /// <summary>Runs the scenario; collectors it started are gone when it returns or throws.</summary>
    Task RunAsync(ScenarioContext context, CancellationToken cancellationToken);
}

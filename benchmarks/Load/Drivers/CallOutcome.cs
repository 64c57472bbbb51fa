namespace MiniCollector.Benchmarks.Load.Drivers;

/// <summary>The result of one export call: success, or why not.</summary>
public readonly record struct CallOutcome(bool Ok, string? Error)
{
    /// <summary>A successful call.</summary>
    public static CallOutcome Success => new(true, null);

    /// <summary>A failed call with its reason.</summary>
    public static CallOutcome Failure(string error) => new(false, error);
}

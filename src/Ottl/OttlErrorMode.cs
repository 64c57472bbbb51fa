namespace MiniCollector.Ottl;

/// <summary>What a failing statement or condition (a function given a value it cannot use) does at run time.</summary>
public enum OttlErrorMode
{
    /// <summary>Log the error and go on with the next statement or condition.</summary>
    Ignore,

    /// <summary>Go on with the next statement or condition without logging.</summary>
    Silent,

    /// <summary>Stop: the caller fails the whole request.</summary>
    Propagate,
}

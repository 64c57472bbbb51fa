namespace MiniCollector.Ottl;

/// <summary>A statement or condition failed on one item (a function given a value it cannot use, a division by zero).</summary>
public sealed class OttlRuntimeException(string message) : Exception(message)
{
}

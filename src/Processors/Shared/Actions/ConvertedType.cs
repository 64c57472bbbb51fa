namespace MiniCollector.Processors.Shared.Actions;

/// <summary>The target types of <c>convert</c> (<c>converted_type</c>).</summary>
internal enum ConvertedType
{
    Int,
    Double,
    String,
}

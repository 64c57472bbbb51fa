namespace System.Runtime.CompilerServices;

/// <summary>Lets netstandard2.0 code declare records (init accessors); newer frameworks ship this type.</summary>
internal static class IsExternalInit
{
}

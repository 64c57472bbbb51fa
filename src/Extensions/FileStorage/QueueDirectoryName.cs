using System.Globalization;
using System.Text;
using MiniCollector.Pipeline.Components;

namespace MiniCollector.Extensions.FileStorage;

/// <summary>
/// The directory name of a component's queue, built as the reference names its storage clients:
/// <c>&lt;kind&gt;_&lt;type&gt;_&lt;name&gt;</c> (<c>exporter_otlp_</c>, <c>exporter_otlphttp_backup</c>). Bytes outside
/// <c>[A-Za-z0-9_.-]</c> of the UTF-8 name become <c>~</c> and two uppercase hex digits, so every id maps to its own
/// single path element (<c>/</c> cannot escape the storage directory; <c>~</c> itself is escaped, so no two ids meet).
/// </summary>
internal static class QueueDirectoryName
{
    /// <summary>The directory name for the queue of <paramref name="owner"/>.</summary>
    public static string For(ComponentKind kind, ComponentId owner)
    {
        var raw = Encoding.UTF8.GetBytes($"{kind.Singular()}_{owner.Type}_{owner.Name}");
        var name = new StringBuilder(raw.Length);
        foreach (byte b in raw)
        {
            if (char.IsAsciiLetterOrDigit((char)b) || b is (byte)'_' or (byte)'.' or (byte)'-')
            {
                name.Append((char)b);
            }
            else
            {
                name.Append('~').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return name.ToString();
    }
}

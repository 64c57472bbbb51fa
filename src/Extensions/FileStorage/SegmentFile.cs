using System.Globalization;
using Microsoft.Win32.SafeHandles;

namespace MiniCollector.Extensions.FileStorage;

/// <summary>
/// One segment file of a queue (<c>000000000001.seg</c>): its handle, shared by the writer and by readers (all access
/// is positional), how far it is written, and how many of its records are not yet complete.
/// </summary>
internal sealed class SegmentFile
{
    public const string Extension = ".seg";

    private const int IdDigits = 12;

    public SegmentFile(long id, string path, SafeFileHandle handle, long length, byte[]? header)
    {
        Id = id;
        Path = path;
        Handle = handle;
        Length = length;
        Header = header;
    }

    public long Id { get; }

    public string Path { get; }

    public SafeFileHandle Handle { get; }

    /// <summary>Bytes of the file that hold the header and whole records; changed by the writer only.</summary>
    public long Length { get; set; }

    /// <summary>The segment header still to be written with the first records; null for segments found on disk.</summary>
    public byte[]? Header { get; }

    /// <summary>Records in it not yet complete; guarded by the queue's state lock.</summary>
    public int LiveCount { get; set; }

    /// <summary>True once nothing more will be appended; a sealed segment with no live record is deleted.</summary>
    public bool Sealed { get; set; }

    /// <summary>The file name of a segment id.</summary>
    public static string FileName(long id) => id.ToString("D" + IdDigits, CultureInfo.InvariantCulture) + Extension;

    /// <summary>Reads the id from a segment file name; false for any other file, which the queue leaves alone.</summary>
    public static bool TryParseId(string fileName, out long id)
    {
        id = 0;
        return fileName.Length == IdDigits + Extension.Length
            && fileName.EndsWith(Extension, StringComparison.Ordinal)
            && long.TryParse(fileName.AsSpan(0, IdDigits), NumberStyles.None, CultureInfo.InvariantCulture, out id)
            && id > 0;
    }
}

using MiniCollector.Pipeline.Components;

namespace MiniCollector.Extensions.FileStorage;

/// <summary>Factory of the <c>file_storage</c> extension.</summary>
public sealed class FileStorageExtensionFactory() : ExtensionFactory<FileStorageOptions>(
    "file_storage", (section, _) => FileStorageOptions.Bind(section))
{
    /// <inheritdoc />
    public override IComponent Create(ComponentContext context, FileStorageOptions options) => new FileStorageExtension(context, options);
}

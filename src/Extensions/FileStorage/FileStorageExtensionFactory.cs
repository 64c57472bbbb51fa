using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Config;

namespace MiniCollector.Extensions.FileStorage;

/// <summary>Factory of the <c>file_storage</c> extension.</summary>
public sealed class FileStorageExtensionFactory : ExtensionFactory<FileStorageOptions>
{
    /// <inheritdoc />
    public override string Type => "file_storage";

    /// <inheritdoc />
    protected override FileStorageOptions Bind(ConfigSection section, string typeAsWritten) => FileStorageOptions.Bind(section);

    /// <inheritdoc />
    public override IComponent Create(ComponentContext context, FileStorageOptions options) => new FileStorageExtension(context, options);
}

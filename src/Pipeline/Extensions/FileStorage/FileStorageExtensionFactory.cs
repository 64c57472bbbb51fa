using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Config;

namespace MiniCollector.Pipeline.Extensions.FileStorage;

/// <summary>Factory of the <c>file_storage</c> extension.</summary>
public sealed class FileStorageExtensionFactory : ExtensionFactory
{
    /// <inheritdoc />
    public override string Type => "file_storage";

    /// <inheritdoc />
    public override object BindOptions(ConfigSection section, string typeAsWritten) => FileStorageOptions.Bind(section);

    /// <inheritdoc />
    public override IComponent Create(ComponentContext context, object options) => new FileStorageExtension(context, (FileStorageOptions)options);
}

using MiniCollector.Pipeline.Components;

namespace MiniCollector.Extensions.ZPages;

/// <summary>Factory of the <c>zpages</c> extension.</summary>
public sealed class ZPagesExtensionFactory() : ExtensionFactory<ZPagesOptions>(
    "zpages", (section, _) => ZPagesOptions.Bind(section))
{
    /// <inheritdoc />
    public override IComponent Create(ComponentContext context, ZPagesOptions options) => new ZPagesExtension(context, options);
}

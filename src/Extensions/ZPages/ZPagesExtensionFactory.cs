using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Config;

namespace MiniCollector.Extensions.ZPages;

/// <summary>Factory of the <c>zpages</c> extension.</summary>
public sealed class ZPagesExtensionFactory : ExtensionFactory<ZPagesOptions>
{
    /// <inheritdoc />
    public override string Type => "zpages";

    /// <inheritdoc />
    protected override ZPagesOptions Bind(ConfigSection section, string typeAsWritten) => ZPagesOptions.Bind(section);

    /// <inheritdoc />
    public override IComponent Create(ComponentContext context, ZPagesOptions options) => new ZPagesExtension(context, options);
}

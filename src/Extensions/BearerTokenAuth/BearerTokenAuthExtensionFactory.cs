using MiniCollector.Pipeline.Components;

namespace MiniCollector.Extensions.BearerTokenAuth;

/// <summary>Factory of the <c>bearertokenauth</c> extension (server side).</summary>
public sealed class BearerTokenAuthExtensionFactory() : ExtensionFactory<BearerTokenAuthOptions>(
    "bearertokenauth", (section, _) => BearerTokenAuthOptions.Bind(section))
{
    /// <inheritdoc />
    public override IComponent Create(ComponentContext context, BearerTokenAuthOptions options) => new BearerTokenAuthExtension(context, options);
}

using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Config;

namespace MiniCollector.Extensions.BearerTokenAuth;

/// <summary>Factory of the <c>bearertokenauth</c> extension (server side).</summary>
public sealed class BearerTokenAuthExtensionFactory : ExtensionFactory<BearerTokenAuthOptions>
{
    /// <inheritdoc />
    public override string Type => "bearertokenauth";

    /// <inheritdoc />
    protected override BearerTokenAuthOptions Bind(ConfigSection section, string typeAsWritten) => BearerTokenAuthOptions.Bind(section);

    /// <inheritdoc />
    public override IComponent Create(ComponentContext context, BearerTokenAuthOptions options) => new BearerTokenAuthExtension(context, options);
}

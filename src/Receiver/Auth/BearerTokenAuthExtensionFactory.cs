using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Config;

namespace MiniCollector.Receiver.Auth;

/// <summary>Factory of the <c>bearertokenauth</c> extension (server side).</summary>
public sealed class BearerTokenAuthExtensionFactory : ExtensionFactory
{
    /// <inheritdoc />
    public override string Type => "bearertokenauth";

    /// <inheritdoc />
    public override object BindOptions(ConfigSection section, string typeAsWritten) => BearerTokenAuthOptions.Bind(section);

    /// <inheritdoc />
    public override IComponent Create(ComponentContext context, object options) => new BearerTokenAuthExtension(context, (BearerTokenAuthOptions)options);
}

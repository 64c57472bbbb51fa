using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Config;

namespace MiniCollector.Receiver.Auth;

/// <summary>Factory of the <c>basicauth</c> extension (server side: htpasswd).</summary>
public sealed class BasicAuthExtensionFactory : ExtensionFactory
{
    /// <inheritdoc />
    public override string Type => "basicauth";

    /// <inheritdoc />
    public override object BindOptions(ConfigSection section, string typeAsWritten) => BasicAuthOptions.Bind(section);

    /// <inheritdoc />
    public override IComponent Create(ComponentContext context, object options) => new BasicAuthExtension(context, (BasicAuthOptions)options);
}

using Google.Protobuf;
using Google.Protobuf.Collections;

namespace MiniCollector.Exporters.LoadBalancing;

/// <summary>
/// Builds one backend's part of a request, item by item in the request's order: each run of items from one resource
/// (and one scope) gets a copy of that resource's (and scope's) envelope, so items keep what describes them.
/// </summary>
internal sealed class PartBuilder<TRequest, TResource, TScope, TItem>(
    Func<TRequest, RepeatedField<TResource>> resources,
    Func<TResource, TResource> resourceShell,
    Func<TResource, RepeatedField<TScope>> scopes,
    Func<TScope, TScope> scopeShell,
    Func<TScope, RepeatedField<TItem>> items)
    where TRequest : IMessage, new()
    where TResource : class
    where TScope : class
{
    private TResource? _resource;
    private TResource? _resourcePart;
    private TScope? _scope;
    private TScope? _scopePart;

    /// <summary>The part built so far.</summary>
    public TRequest Part { get; } = new();

    /// <summary>Items added.</summary>
    public int Count { get; private set; }

    /// <summary>Adds an item of <paramref name="scope"/> in <paramref name="resource"/>.</summary>
    public void Add(TResource resource, TScope scope, TItem item)
    {
        if (!ReferenceEquals(resource, _resource))
        {
            _resource = resource;
            _resourcePart = resourceShell(resource);
            resources(Part).Add(_resourcePart);
            _scope = null;
        }

        if (!ReferenceEquals(scope, _scope))
        {
            _scope = scope;
            _scopePart = scopeShell(scope);
            scopes(_resourcePart!).Add(_scopePart);
        }

        items(_scopePart!).Add(item);
        Count++;
    }
}

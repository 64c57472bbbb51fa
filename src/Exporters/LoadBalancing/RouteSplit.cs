namespace MiniCollector.Exporters.LoadBalancing;

/// <summary>What the routers share.</summary>
internal static class RouteSplit
{
    /// <summary>The one backend owning every item, or null when they go to several (or there are none).</summary>
    public static int? Single(List<int> owners)
    {
        if (owners.Count == 0)
        {
            return null;
        }

        int first = owners[0];
        for (int i = 1; i < owners.Count; i++)
        {
            if (owners[i] != first)
            {
                return null;
            }
        }

        return first;
    }
}

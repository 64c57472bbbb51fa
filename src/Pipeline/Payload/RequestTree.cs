using System.Collections;
using Google.Protobuf;

namespace MiniCollector.Pipeline.Payload;

/// <summary>
/// Describes an export request as a tree (request → resource → scope → [metric →] item) so that counting and
/// splitting are written once for every signal.
/// </summary>
internal sealed class RequestTree
{
    public RequestTree(TreeLevel[] levels, int[] wireItemPath, int[]? wireLeafContainerFields = null)
    {
        Levels = levels;
        _wireItemPath = wireItemPath;
        _wireLeafContainerFields = wireLeafContainerFields;
    }

    /// <summary>Levels from the request (index 0) down to the parent of the items.</summary>
    public TreeLevel[] Levels { get; }

    // Field numbers to follow from the request to the items, e.g. traces 1 → 2 → 2.
    private readonly int[] _wireItemPath;

    // Metrics only: the data-holding fields of Metric (gauge, sum, ...) whose field 1 holds the points.
    private readonly int[]? _wireLeafContainerFields;

    public int CountItems(IMessage request) => Count(request, 0);

    public int CountItems(ReadOnlySpan<byte> wire) => CountWire(wire, 0);

    /// <summary>Counts the items of one serialized resource entry (the payload of the request's field 1).</summary>
    public int CountResourceItems(ReadOnlySpan<byte> resource) => CountWire(resource, 1);

    private int Count(IMessage node, int depth)
    {
        var children = Levels[depth].Children(node);
        if (depth == Levels.Length - 1)
        {
            return children.Count;
        }

        int total = 0;
        for (int i = 0; i < children.Count; i++)
        {
            total += Count((IMessage)children[i]!, depth + 1);
        }

        return total;
    }

    private int CountWire(ReadOnlySpan<byte> message, int depth)
    {
        var reader = new WireReader(message);
        int total = 0;
        int wanted = _wireItemPath[depth];
        bool last = depth == _wireItemPath.Length - 1;
        while (reader.TryReadTag(out int field, out var wireType))
        {
            if (field == wanted && wireType == WireFormat.WireType.LengthDelimited)
            {
                var child = reader.ReadLengthDelimited();
                if (!last)
                {
                    total += CountWire(child, depth + 1);
                }
                else if (_wireLeafContainerFields is null)
                {
                    total++;
                }
                else
                {
                    total += CountMetricPoints(child);
                }
            }
            else
            {
                reader.Skip(wireType);
            }
        }

        return total;
    }

    private int CountMetricPoints(ReadOnlySpan<byte> metric)
    {
        var reader = new WireReader(metric);
        int total = 0;
        while (reader.TryReadTag(out int field, out var wireType))
        {
            if (wireType == WireFormat.WireType.LengthDelimited && Array.IndexOf(_wireLeafContainerFields!, field) >= 0)
            {
                var data = new WireReader(reader.ReadLengthDelimited());
                while (data.TryReadTag(out int dataField, out var dataWire))
                {
                    if (dataField == 1 && dataWire == WireFormat.WireType.LengthDelimited)
                    {
                        data.ReadLengthDelimited();
                        total++;
                    }
                    else
                    {
                        data.Skip(dataWire);
                    }
                }
            }
            else
            {
                reader.Skip(wireType);
            }
        }

        return total;
    }

    /// <summary>
    /// Splits into parts of at most <paramref name="maxItems"/> items, keeping resource/scope context; the first part
    /// holds at most <paramref name="firstRoom"/> items, to top up a part begun elsewhere.
    /// </summary>
    public List<IMessage> Split(IMessage request, int maxItems, int firstRoom)
    {
        var state = new SplitState(this, maxItems, firstRoom);
        state.Walk(request, 0);
        state.Emit();
        return state.Output;
    }

    private sealed class SplitState
    {
        private readonly RequestTree _tree;
        private readonly int _maxItems;
        private readonly IMessage?[] _path;
        private readonly IMessage[] _sources;
        private int _room;

        public SplitState(RequestTree tree, int maxItems, int firstRoom)
        {
            _tree = tree;
            _maxItems = maxItems;
            _path = new IMessage?[_tree.Levels.Length];
            _sources = new IMessage[_tree.Levels.Length];
            _room = firstRoom;
        }

        public List<IMessage> Output { get; } = [];

        public void Walk(IMessage node, int depth)
        {
            _sources[depth] = node;
            var level = _tree.Levels[depth];
            var children = level.Children(node);
            var snapshot = new object?[children.Count];
            children.CopyTo(snapshot, 0);
            bool leafParent = depth == _tree.Levels.Length - 1;
            foreach (var child in snapshot)
            {
                int n = leafParent ? 1 : _tree.Count((IMessage)child!, depth + 1);
                // An empty child (no items) rides along in the current part rather than opening an empty one.
                if (_room == 0 && n > 0)
                {
                    Emit();
                }

                if (n <= _room)
                {
                    EnsurePath(depth);
                    level.Children(_path[depth]!).Add(child);
                    _room -= n;
                }
                else
                {
                    // Shells below this depth in the current part belong to an earlier sibling; the child gets its own.
                    Array.Clear(_path, depth + 1, _path.Length - depth - 1);
                    Walk((IMessage)child!, depth + 1);
                }
            }
        }

        public void Emit()
        {
            if (_path[0] is not null)
            {
                Output.Add(_path[0]!);
            }

            Array.Clear(_path);
            _room = _maxItems;
        }

        private void EnsurePath(int depth)
        {
            for (int d = 0; d <= depth; d++)
            {
                if (_path[d] is null)
                {
                    _path[d] = _tree.Levels[d].Shell(_sources[d]);
                    if (d > 0)
                    {
                        _tree.Levels[d - 1].Children(_path[d - 1]!).Add(_path[d]);
                    }
                }
            }
        }
    }
}

/// <summary>One level of a <see cref="RequestTree"/>: how to reach a node's children and copy the node without them.</summary>
internal sealed class TreeLevel(Func<IMessage, IList> children, Func<IMessage, IMessage> shell)
{
    public Func<IMessage, IList> Children { get; } = children;

    public Func<IMessage, IMessage> Shell { get; } = shell;
}

/// <summary>AddRange for the non-generic lists the tree works with.</summary>
internal static class ListExtensions
{
    public static void AddRange(this IList target, IList source)
    {
        for (int i = 0; i < source.Count; i++)
        {
            target.Add(source[i]);
        }
    }
}

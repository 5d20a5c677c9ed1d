using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Palisade.Core.Manifests;

/// <summary>
/// The positions of one document's nodes as a tree of compact entries. Building a JSON-pointer string for every node
/// of every object cost more than the rest of the conversion, so pointers are only made when asked for.
/// </summary>
internal sealed class PositionTable
{
    private Entry[] _entries = new Entry[64];

    public int Count { get; private set; }

    public int Add(int parent, string? key, int index, SourcePosition position)
    {
        if (Count == _entries.Length)
        {
            Array.Resize(ref _entries, _entries.Length * 2);
        }

        var at = Count++;
        _entries[at] = new Entry { Parent = parent, FirstChild = -1, LastChild = -1, NextSibling = -1, Key = key, Index = index, Position = position };
        if (parent >= 0)
        {
            ref var p = ref _entries[parent];
            if (p.LastChild < 0)
            {
                p.FirstChild = at;
            }
            else
            {
                _entries[p.LastChild].NextSibling = at;
            }

            p.LastChild = at;
        }

        return at;
    }

    public ref readonly Entry this[int index] => ref _entries[index];

    /// <summary>The entry at <paramref name="pointer"/> below <paramref name="root"/>, or -1.</summary>
    public int Find(int root, string pointer)
    {
        if (pointer.Length == 0)
        {
            return root;
        }

        if (pointer[0] != '/')
        {
            return -1;
        }

        var current = root;
        var start = 1;
        while (current >= 0)
        {
            var end = pointer.IndexOf('/', start);
            if (end < 0)
            {
                end = pointer.Length;
            }

            current = FindChild(current, pointer.AsSpan(start, end - start));
            if (end == pointer.Length)
            {
                return current;
            }

            start = end + 1;
        }

        return -1;
    }

    public IEnumerable<KeyValuePair<string, SourcePosition>> Enumerate(int root)
    {
        var stack = new Stack<(int Entry, string Pointer)>();
        stack.Push((root, ""));
        while (stack.Count > 0)
        {
            var (entry, pointer) = stack.Pop();
            yield return new(pointer, _entries[entry].Position);
            var children = new List<int>();
            for (var c = _entries[entry].FirstChild; c >= 0; c = _entries[c].NextSibling)
            {
                children.Add(c);
            }

            for (var i = children.Count - 1; i >= 0; i--)
            {
                var child = _entries[children[i]];
                stack.Push((children[i], child.Key is null ? JsonPointer.Append(pointer, child.Index) : JsonPointer.Append(pointer, child.Key)));
            }
        }
    }

    public int CountBelow(int root)
    {
        var count = 0;
        var stack = new Stack<int>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var entry = stack.Pop();
            count++;
            for (var c = _entries[entry].FirstChild; c >= 0; c = _entries[c].NextSibling)
            {
                stack.Push(c);
            }
        }

        return count;
    }

    private int FindChild(int parent, ReadOnlySpan<char> segment)
    {
        var first = _entries[parent].FirstChild;
        if (first < 0)
        {
            return -1;
        }

        if (_entries[first].Key is null)
        {
            if (!int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                return -1;
            }

            for (var c = first; c >= 0; c = _entries[c].NextSibling)
            {
                if (_entries[c].Index == index)
                {
                    return c;
                }
            }

            return -1;
        }

        var key = segment.Contains('~') ? Unescape(segment) : segment;
        for (var c = first; c >= 0; c = _entries[c].NextSibling)
        {
            if (key.SequenceEqual(_entries[c].Key))
            {
                return c;
            }
        }

        return -1;
    }

    private static ReadOnlySpan<char> Unescape(ReadOnlySpan<char> segment) =>
        new StringBuilder(segment.Length).Append(segment).Replace("~1", "/").Replace("~0", "~").ToString();

    internal struct Entry
    {
        public int Parent;
        public int FirstChild;
        public int LastChild;
        public int NextSibling;
        public string? Key;
        public int Index;
        public SourcePosition Position;
    }
}

/// <summary>The positions below one entry of a <see cref="PositionTable"/>, keyed by JSON pointer relative to it.</summary>
internal sealed class PositionMap(PositionTable table, int root) : IReadOnlyDictionary<string, SourcePosition>
{
    private int _count = -1;

    public SourcePosition this[string key] =>
        TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"no node at '{key}'");

    public IEnumerable<string> Keys => this.Select(p => p.Key);

    public IEnumerable<SourcePosition> Values => this.Select(p => p.Value);

    public int Count => _count >= 0 ? _count : _count = table.CountBelow(root);

    public bool ContainsKey(string key) => table.Find(root, key) >= 0;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out SourcePosition value)
    {
        ArgumentNullException.ThrowIfNull(key);
        var entry = table.Find(root, key);
        value = entry >= 0 ? table[entry].Position : default;
        return entry >= 0;
    }

    public IEnumerator<KeyValuePair<string, SourcePosition>> GetEnumerator() => table.Enumerate(root).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

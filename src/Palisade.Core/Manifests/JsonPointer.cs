using System.Text;

namespace Palisade.Core.Manifests;

/// <summary>RFC 6901 JSON pointers, and conversion from System.Text.Json's <c>$.a[0].b</c> paths.</summary>
internal static class JsonPointer
{
    public static string Append(string parent, string key) =>
        key.AsSpan().IndexOfAny('~', '/') < 0
            ? string.Concat(parent, "/", key)
            : string.Concat(parent, "/", key.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal));

    public static string Append(string parent, int index) =>
        string.Concat(parent, "/", index.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>
    /// Turns a System.Text.Json path (<c>$.containers[0]['a.b']</c>) into a pointer (<c>/containers/0/a.b</c>).
    /// Unparseable remainders are dropped, so the result is always an ancestor of the real location.
    /// </summary>
    public static string FromJsonPath(string? path)
    {
        if (string.IsNullOrEmpty(path) || path[0] != '$')
        {
            return "";
        }

        var sb = new StringBuilder();
        var i = 1;
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                var end = i + 1;
                while (end < path.Length && path[end] != '.' && path[end] != '[')
                {
                    end++;
                }

                sb.Append(Append("", path[(i + 1)..end]));
                i = end;
            }
            else if (path[i] == '[' && i + 1 < path.Length && path[i + 1] == '\'')
            {
                var close = path.IndexOf("']", i + 2, StringComparison.Ordinal);
                if (close < 0)
                {
                    break;
                }

                sb.Append(Append("", path[(i + 2)..close]));
                i = close + 2;
            }
            else if (path[i] == '[')
            {
                var close = path.IndexOf(']', i + 1);
                if (close < 0)
                {
                    break;
                }

                sb.Append('/').Append(path, i + 1, close - i - 1);
                i = close + 1;
            }
            else
            {
                break;
            }
        }

        return sb.ToString();
    }
}

namespace Palisade.Core.PodSecurity.Checks;

/// <summary>Annotation access without allocating on the common (concrete dictionary) path.</summary>
internal static class Annotations
{
    /// <summary>
    /// True if any key starts with <paramref name="prefix"/>. Dictionaries from the YAML and JSON readers are
    /// <see cref="Dictionary{TKey, TValue}"/>, whose struct enumerator avoids boxing.
    /// </summary>
    public static bool AnyKeyStartsWith(IDictionary<string, string>? annotations, string prefix)
    {
        if (annotations is null || annotations.Count == 0)
        {
            return false;
        }

        if (annotations is Dictionary<string, string> dictionary)
        {
            foreach (var key in dictionary.Keys)
            {
                if (key.StartsWith(prefix, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }

        foreach (var pair in annotations)
        {
            if (pair.Key.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>JSON pointer of one annotation.</summary>
    public static string Path(string key) => "/metadata/annotations/" + MessageText.EscapePointerToken(key);
}

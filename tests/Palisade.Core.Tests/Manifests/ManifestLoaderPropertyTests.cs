using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Palisade.Core.Manifests;

namespace Palisade.Core.Tests.Manifests;

public sealed class ManifestLoaderPropertyTests
{
    private static readonly char[] YamlAlphabet = "abk:- \n\t[]{},&*!|>'\"#%@`?<~0x1.yes\\\r\u00e9".ToCharArray();

    [Property(MaxTest = 500)]
    public bool LoadText_ArbitraryString_NeverThrows(string? text) => Loads(text ?? "");

    [Property(MaxTest = 2000, Arbitrary = [typeof(YamlishStrings)])]
    public bool LoadText_YamlLikeString_NeverThrows(string text) => Loads(text);

    [Property(MaxTest = 300, Arbitrary = [typeof(YamlishStrings)])]
    public bool LoadText_YamlLikeStringAfterValidDocument_KeepsTheValidObject(string text)
    {
        var set = ManifestLoader.LoadText("p.yaml", "kind: First\n---\n" + text.Replace("---", "", StringComparison.Ordinal).Replace("...", "", StringComparison.Ordinal));
        return set.Objects.Count > 0 && set.Objects[0].Kind == "First";
    }

    private static bool Loads(string text)
    {
        var set = ManifestLoader.LoadText("p.yaml", text);
        return set.Diagnostics.All(d => !d.ToString().Contains('\n', StringComparison.Ordinal));
    }

    public static class YamlishStrings
    {
        public static Arbitrary<string> Strings() =>
            Gen.Elements(YamlAlphabet).ArrayOf().Select(chars => new string(chars)).ToArbitrary();
    }
}

using k8s.Models;

namespace Palisade.Core.Policy;

/// <summary>A <see cref="TierMatchRule"/> ready for the hot path: selectors flattened, registry patterns parsed, texts built once.</summary>
internal sealed class CompiledRule
{
    private readonly string[] _namespaces;
    private readonly CompiledSelector? _namespaceSelector;
    private readonly CompiledSelector? _podSelector;
    private readonly RegistryPattern[] _registriesIn;
    private readonly RegistryPattern[] _registriesNotIn;
    private readonly string _staticReason;
    private readonly string _registryList;

    public CompiledRule(TierMatchRule rule)
    {
        _namespaces = [.. rule.Namespaces];
        _namespaceSelector = rule.NamespaceSelector is null ? null : new CompiledSelector(rule.NamespaceSelector, "namespace");
        _podSelector = rule.PodSelector is null ? null : new CompiledSelector(rule.PodSelector, "pod");
        _registriesIn = [.. (rule.Images?.RegistriesIn ?? []).Select(RegistryPattern.Create)];
        _registriesNotIn = [.. (rule.Images?.RegistriesNotIn ?? []).Select(RegistryPattern.Create)];
        var list = _registriesIn.Length > 0 ? _registriesIn : _registriesNotIn;
        _registryList = string.Join(", ", list.Select(p => p.Text));
        var parts = new List<string>();
        if (_podSelector is not null)
        {
            parts.Add(_podSelector.Description);
        }

        if (_namespaceSelector is not null)
        {
            parts.Add(_namespaceSelector.Description);
        }

        if (_registriesIn.Length > 0)
        {
            parts.Add($"all images from [{_registryList}]");
        }

        _staticReason = string.Join(" and ", parts);
    }

    /// <summary>Why the rule matched, or null when it does not.</summary>
    public string? Match(PolicyRequest request)
    {
        if (_namespaces.Length > 0 && (request.Namespace is null || Array.IndexOf(_namespaces, request.Namespace) < 0))
        {
            return null;
        }

        if (_namespaceSelector is not null && !_namespaceSelector.Matches(request.NamespaceLabels))
        {
            return null;
        }

        if (_podSelector is not null && !_podSelector.Matches(request.PodMetadata?.Labels))
        {
            return null;
        }

        if (_registriesIn.Length > 0 && !AllImagesFrom(request.PodSpec))
        {
            return null;
        }

        string? outsider = null;
        if (_registriesNotIn.Length > 0 && (outsider = ImageOutside(request.PodSpec)) is null)
        {
            return null;
        }

        return Reason(request.Namespace, outsider);
    }

    private string Reason(string? ns, string? outsider)
    {
        var reason = _staticReason;
        if (_namespaces.Length > 0)
        {
            reason = Join($"namespace {ns}", reason);
        }

        if (outsider is not null)
        {
            reason = Join($"image {outsider} from a registry not in [{_registryList}]", reason);
        }

        return reason;
    }

    private static string Join(string first, string rest) => rest.Length == 0 ? first : first + " and " + rest;

    private bool AllImagesFrom(V1PodSpec spec)
    {
        foreach (var image in Images(spec))
        {
            if (!AnyMatches(_registriesIn, ImageReference.Parse(image)))
            {
                return false;
            }
        }

        return true;
    }

    private string? ImageOutside(V1PodSpec spec)
    {
        foreach (var image in Images(spec))
        {
            if (!AnyMatches(_registriesNotIn, ImageReference.Parse(image)))
            {
                return image;
            }
        }

        return null;
    }

    private static bool AnyMatches(RegistryPattern[] patterns, ImageReference image)
    {
        foreach (var pattern in patterns)
        {
            if (pattern.Matches(image))
            {
                return true;
            }
        }

        return false;
    }

    private static IEnumerable<string> Images(V1PodSpec spec)
    {
        if (spec.InitContainers is { } init)
        {
            foreach (var c in init)
            {
                if (!string.IsNullOrEmpty(c?.Image))
                {
                    yield return c.Image;
                }
            }
        }

        if (spec.Containers is { } containers)
        {
            foreach (var c in containers)
            {
                if (!string.IsNullOrEmpty(c?.Image))
                {
                    yield return c.Image;
                }
            }
        }

        if (spec.EphemeralContainers is { } ephemeral)
        {
            foreach (var c in ephemeral)
            {
                if (!string.IsNullOrEmpty(c?.Image))
                {
                    yield return c.Image;
                }
            }
        }
    }
}

using System.Text;

namespace Palisade.Core.Policy.Export;

/// <summary>
/// The runtime policy compiled to CEL, once, for every target: variables that find the pod spec, its labels and
/// normalised images, one boolean per match rule, the tier (first match wins, as in <see cref="RuntimePolicyEngine"/>)
/// and why it matched; one validation per tier that requires a sandbox; and one JSON Patch expression for the
/// assignments and defaults. Only functions of the Kubernetes CEL environment are used (the standard library plus
/// the strings extension: <c>split</c>, <c>indexOf</c>, <c>lastIndexOf</c>, <c>substring</c>, <c>lowerAscii</c>).
/// </summary>
public sealed class CelPolicy
{
    private const string Spec = "variables.podSpec";
    private const string OwnClass = Spec + ".runtimeClassName";

    private readonly RuntimePolicy _policy;
    private readonly NamespaceFacts _facts;
    private readonly string _namespaceName;
    private readonly List<CelVariable> _variables = [];
    private readonly List<(int Tier, int Rule, string Id, string Reason)> _rules = [];

    public CelPolicy(RuntimePolicy policy, NamespaceFacts facts)
    {
        ArgumentNullException.ThrowIfNull(policy);
        _policy = policy;
        _facts = facts;
        _namespaceName = facts == NamespaceFacts.NamespaceObject ? "request.namespace" : "object.metadata.__namespace__";
        Build();
        Validations = [.. policy.Tiers.Where(t => t.SandboxRequired).Select(Validation)];
        MutationExpression = BuildMutation();
    }

    /// <summary>In evaluation order; later variables read earlier ones.</summary>
    public IReadOnlyList<CelVariable> Variables => _variables;

    public IReadOnlyList<CelValidation> Validations { get; }

    /// <summary>A list of JSONPatch operations (empty when the tier changes nothing), or null when no tier mutates.</summary>
    public string? MutationExpression { get; }

    /// <summary>The ids (<c>t0r1</c>: tier 0, rule 1) of rules with namespace criteria, and what the criteria are.</summary>
    public IReadOnlyList<(string Id, TierMatchRule Rule)> NamespaceRules =>
        [.. _rules.Select(r => (r.Id, Rule: _policy.Tiers[r.Tier].Match[r.Rule])).Where(r => HasNamespaceCriteria(r.Rule))];

    public static bool HasNamespaceCriteria(TierMatchRule rule) => rule.Namespaces.Count > 0 || rule.NamespaceSelector is not null;

    public static bool HasPodCriteria(TierMatchRule rule) => rule.PodSelector is not null || rule.Images is not null;

    /// <summary>A CEL string literal.</summary>
    public static string Quote(string s)
    {
        var text = new StringBuilder("'");
        foreach (var c in s)
        {
            text.Append(c switch
            {
                '\\' => "\\\\",
                '\'' => "\\'",
                '\n' => "\\n",
                _ => c.ToString(),
            });
        }

        return text.Append('\'').ToString();
    }

    public static string List(IEnumerable<string> items) => "[" + string.Join(", ", items.Select(Quote)) + "]";

    private void Build()
    {
        Add("podSpec", "object.kind == 'Pod' ? object.spec : object.kind == 'CronJob' ? object.spec.jobTemplate.spec.template.spec : object.spec.template.spec");
        Add("podLabels",
            "object.kind == 'Pod' ? (has(object.metadata.labels) ? object.metadata.labels : {}) "
            + ": object.kind == 'CronJob' ? (has(object.spec.jobTemplate.spec.template.metadata) && has(object.spec.jobTemplate.spec.template.metadata.labels) ? object.spec.jobTemplate.spec.template.metadata.labels : {}) "
            + ": (has(object.spec.template.metadata) && has(object.spec.template.metadata.labels) ? object.spec.template.metadata.labels : {})");
        if (_facts == NamespaceFacts.NamespaceObject)
        {
            Add("namespaceLabels", "namespaceObject != null && has(namespaceObject.metadata.labels) ? namespaceObject.metadata.labels : {}");
        }

        Add("images",
            $"((has({Spec}.initContainers) ? {Spec}.initContainers : []) + (has({Spec}.containers) ? {Spec}.containers : []) + (has({Spec}.ephemeralContainers) ? {Spec}.ephemeralContainers : []))"
            + ".filter(c, has(c.image) && c.image != '').map(c, c.image)");

        // [image, registry, repository], normalised as Docker does: digest and tag dropped; the first path component is
        // the registry only when it has '.' or ':' or is localhost; otherwise docker.io, and library/ for one component.
        Add("imageRefs",
            "variables.images.map(i, [i, i.split('@')[0]])"
            + ".map(p, [p[0], p[1].lastIndexOf(':') > p[1].lastIndexOf('/') ? p[1].substring(0, p[1].lastIndexOf(':')) : p[1]])"
            + ".map(p, p[1].indexOf('/') > 0 && (p[1].split('/')[0].contains('.') || p[1].split('/')[0].contains(':') || p[1].split('/')[0] == 'localhost')"
            + " ? [p[0], p[1].split('/')[0].lowerAscii(), p[1].substring(p[1].indexOf('/') + 1)]"
            + " : [p[0], 'docker.io', p[1].indexOf('/') > 0 ? p[1] : 'library/' + p[1]])"
            + ".map(p, [p[0], p[1] == 'index.docker.io' ? 'docker.io' : p[1], p[2]])"
            + ".map(p, [p[0], p[1], p[1] == 'docker.io' && !p[2].contains('/') ? 'library/' + p[2] : p[2]])");

        for (var t = 0; t < _policy.Tiers.Count; t++)
        {
            var tier = _policy.Tiers[t];
            for (var r = 0; r < tier.Match.Count; r++)
            {
                var id = $"t{t}r{r}";
                var (expression, reason) = Rule(id, tier.Match[r]);
                Add(id, expression);
                _rules.Add((t, r, id, reason));
            }
        }

        var tierExpression = new StringBuilder();
        foreach (var tier in _policy.Tiers)
        {
            var ids = _rules.Where(r => _policy.Tiers[r.Tier] == tier).Select(r => "variables." + r.Id).ToList();
            tierExpression.Append(ids.Count == 0 ? Quote(tier.Name) : $"{string.Join(" || ", ids)} ? {Quote(tier.Name)} : ");
            if (ids.Count == 0)
            {
                break;
            }
        }

        Add("tier", tierExpression.ToString());
        var reasonExpression = new StringBuilder();
        foreach (var rule in _rules)
        {
            reasonExpression.Append($"variables.{rule.Id} ? {rule.Reason} : ");
        }

        Add("reason", reasonExpression.Append(Quote("no other tier matched")).ToString());
        var assigning = _policy.Tiers.Where(t => t.RuntimeClass is not null).ToList();
        Add("assignedClass", string.Concat(assigning.Select(t => $"variables.tier == {Quote(t.Name)} ? {Quote(t.RuntimeClass!)} : ")) + "''");

        // Pods are checked as admitted: after the mutation, with their own class. A controller is never mutated, so its
        // pods will run with the class the tier assigns when the template names none.
        Add("effectiveClass", $"has({OwnClass}) && {OwnClass} != '' ? {OwnClass} : object.kind == 'Pod' ? '' : variables.assignedClass");
    }

    private (string Expression, string Reason) Rule(string id, TierMatchRule rule)
    {
        var parts = new List<string>();
        var reasonParts = new List<string>();
        if (HasNamespaceCriteria(rule))
        {
            if (_facts == NamespaceFacts.Parameters)
            {
                parts.Add($"variables.params.namespaceRules[{Quote(id)}] == true");
            }
            else
            {
                if (rule.Namespaces.Count > 0)
                {
                    parts.Add($"{_namespaceName} in {List(rule.Namespaces)}");
                }

                if (rule.NamespaceSelector is { } ns)
                {
                    parts.Add(Selector(ns, "variables.namespaceLabels"));
                }
            }
        }

        if (rule.PodSelector is { } pod)
        {
            parts.Add(Selector(pod, "variables.podLabels"));
            reasonParts.Add(Describe(pod, "pod"));
        }

        if (rule.NamespaceSelector is { } nsSelector)
        {
            reasonParts.Add(Describe(nsSelector, "namespace"));
        }

        string? outsider = null;
        if (rule.Images is { } images)
        {
            if (images.RegistriesIn.Count > 0)
            {
                parts.Add($"variables.imageRefs.all(p, {AnyPattern(images.RegistriesIn)})");
                reasonParts.Add($"all images from [{string.Join(", ", images.RegistriesIn)}]");
            }

            if (images.RegistriesNotIn.Count > 0)
            {
                var any = AnyPattern(images.RegistriesNotIn);
                parts.Add($"variables.imageRefs.exists(p, !({any}))");
                var list = images.RegistriesIn.Count > 0 ? images.RegistriesIn : images.RegistriesNotIn;
                outsider = $"'image ' + variables.imageRefs.filter(p, !({any}))[0][0] + {Quote($" from a registry not in [{string.Join(", ", list)}]")}";
            }
        }

        // The engine's order: the outside image first, then the namespace, then the static part.
        var pieces = new List<string>();
        if (outsider is not null)
        {
            pieces.Add(outsider);
        }

        if (rule.Namespaces.Count > 0)
        {
            pieces.Add($"'namespace ' + {_namespaceName}");
        }

        if (reasonParts.Count > 0)
        {
            pieces.Add(Quote(string.Join(" and ", reasonParts)));
        }

        var reason = pieces.Count == 0 ? "''" : string.Join(" + ' and ' + ", pieces);
        return (parts.Count == 0 ? "true" : string.Join(" && ", parts), reason);
    }

    private static string Selector(LabelSelector selector, string labels)
    {
        var parts = new List<string>();
        foreach (var (key, value) in selector.MatchLabels.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            parts.Add($"{Quote(key)} in {labels} && {labels}[{Quote(key)}] == {Quote(value)}");
        }

        foreach (var r in selector.MatchExpressions)
        {
            parts.Add(r.Operator switch
            {
                "In" => $"({Quote(r.Key)} in {labels} && {labels}[{Quote(r.Key)}] in {List(r.Values)})",
                "NotIn" => $"(!({Quote(r.Key)} in {labels}) || !({labels}[{Quote(r.Key)}] in {List(r.Values)}))",
                "Exists" => $"{Quote(r.Key)} in {labels}",
                _ => $"!({Quote(r.Key)} in {labels})",
            });
        }

        return parts.Count == 0 ? "true" : "(" + string.Join(" && ", parts) + ")";
    }

    /// <summary>The engine's wording of a selector: <c>pod label vendor-workload=true</c>.</summary>
    private static string Describe(LabelSelector selector, string subject)
    {
        var parts = selector.MatchLabels.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}")
            .Concat(selector.MatchExpressions.Select(r => r.Operator switch
            {
                "In" => $"{r.Key} in ({string.Join(", ", r.Values)})",
                "NotIn" => $"{r.Key} notin ({string.Join(", ", r.Values)})",
                "Exists" => $"{r.Key} present",
                _ => $"{r.Key} absent",
            })).ToList();
        return $"{subject} label{(parts.Count > 1 ? "s" : "")} {string.Join(", ", parts)}";
    }

    /// <summary>Whether the image ref <c>p</c> ([image, registry, repository]) matches any of the registry patterns.</summary>
    private static string AnyPattern(IReadOnlyList<string> patterns) => string.Join(" || ", patterns.Select(Pattern));

    private static string Pattern(string pattern)
    {
        var slash = pattern.IndexOf('/', StringComparison.Ordinal);
        var host = slash < 0 ? pattern : pattern[..slash];
        var path = slash < 0 ? null : pattern[(slash + 1)..] + "/";
        string hostTest;
        if (host.StartsWith("*.", StringComparison.Ordinal))
        {
            var suffix = host[1..];
            hostTest = $"(p[1].endsWith({Quote(suffix)}) && p[1] != {Quote(suffix)})";
        }
        else
        {
            hostTest = $"p[1] == {Quote(host == "index.docker.io" ? "docker.io" : host)}";
        }

        return path is null ? hostTest : $"({hostTest} && p[2].startsWith({Quote(path)}))";
    }

    private CelValidation Validation(PolicyTier tier)
    {
        var allowed = tier.AllowedRuntimeClasses;
        var allowedText = allowed.Count <= 1 ? string.Join("", allowed) : string.Join(", ", allowed.Take(allowed.Count - 1)) + " or " + allowed[^1];
        var expression = $"variables.tier != {Quote(tier.Name)} || variables.effectiveClass in {List(allowed)}";
        var message =
            $"{Quote($"runtime policy tier \"{tier.Name}\" (")} + variables.reason + ') ' + "
            + $"(variables.effectiveClass == '' ? {Quote($"requires runtimeClassName {allowedText}; the pod sets none")} "
            + $": {Quote($"allows runtimeClassName {allowedText} only; the pod sets \"")} + variables.effectiveClass + '\"')";
        return new CelValidation(tier.Name, expression, message, $"runtime policy tier \"{tier.Name}\" allows runtimeClassName {allowedText} only");
    }

    private string? BuildMutation()
    {
        var parts = new List<string>();
        if (_policy.Tiers.Any(t => t.RuntimeClass is not null))
        {
            parts.Add($"(variables.assignedClass != '' && !(has({OwnClass}) && {OwnClass} != '') ? [JSONPatch{{op: 'add', path: '/spec/runtimeClassName', value: variables.assignedClass}}] : [])");
        }

        var seccomp = _policy.Tiers.Where(t => t.DefaultSeccompProfile).Select(t => t.Name).ToList();
        if (seccomp.Count > 0)
        {
            parts.Add(
                $"(variables.tier in {List(seccomp)} && !(has({Spec}.securityContext) && has({Spec}.securityContext.seccompProfile)) "
                + $"? (has({Spec}.securityContext) ? [JSONPatch{{op: 'add', path: '/spec/securityContext/seccompProfile', value: {{'type': 'RuntimeDefault'}}}}] "
                + ": [JSONPatch{op: 'add', path: '/spec/securityContext', value: {'seccompProfile': {'type': 'RuntimeDefault'}}}]) : [])");
        }

        var automount = _policy.Tiers.Where(t => t.DisableServiceAccountTokenAutomount).Select(t => t.Name).ToList();
        if (automount.Count > 0)
        {
            parts.Add($"(variables.tier in {List(automount)} && !has({Spec}.automountServiceAccountToken) ? [JSONPatch{{op: 'add', path: '/spec/automountServiceAccountToken', value: false}}] : [])");
        }

        return parts.Count == 0 ? null : string.Join(" + ", parts);
    }

    /// <summary>
    /// <paramref name="expression"/> with every <c>variables.NAME</c> replaced by its definition, for places that cannot
    /// declare variables (Kyverno's <c>celPreconditions</c>).
    /// </summary>
    public string Inline(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);

        // has() takes a field selection on a name, not on a parenthesised expression: test map membership instead,
        // which Kyverno's unstructured objects support.
        static string Membership(string text) =>
            System.Text.RegularExpressions.Regex.Replace(text, @"has\(variables\.(\w+)\.(\w+)\)", "'$2' in variables.$1");

        expression = Membership(expression);
        for (var i = _variables.Count - 1; i >= 0; i--)
        {
            var v = _variables[i];
            expression = System.Text.RegularExpressions.Regex.Replace(expression, $@"\bvariables\.{v.Name}\b", "(" + Membership(v.Expression) + ")");
        }

        return expression;
    }

    private void Add(string name, string expression) => _variables.Add(new CelVariable(name, expression));
}

using k8s.Models;

namespace Palisade.Core.PodSecurity.Checks;

internal enum ContainerKind
{
    Init,
    Regular,
    Ephemeral,
}

/// <summary>
/// A view over the fields PSA reads from an init, regular or ephemeral container, so every container check covers
/// all three kinds without copying.
/// </summary>
internal readonly struct ContainerRef
{
    private readonly V1Container? _container;
    private readonly V1EphemeralContainer? _ephemeral;

    public ContainerRef(V1Container container, ContainerKind kind, int index)
    {
        _container = container;
        Kind = kind;
        Index = index;
    }

    public ContainerRef(V1EphemeralContainer container, int index)
    {
        _ephemeral = container;
        Kind = ContainerKind.Ephemeral;
        Index = index;
    }

    public ContainerKind Kind { get; }

    public int Index { get; }

    public string Name => (_container is not null ? _container.Name : _ephemeral!.Name) ?? string.Empty;

    public V1SecurityContext? SecurityContext => _container is not null ? _container.SecurityContext : _ephemeral!.SecurityContext;

    public IList<V1ContainerPort>? Ports => _container is not null ? _container.Ports : _ephemeral!.Ports;

    public V1Probe? LivenessProbe => _container is not null ? _container.LivenessProbe : _ephemeral!.LivenessProbe;

    public V1Probe? ReadinessProbe => _container is not null ? _container.ReadinessProbe : _ephemeral!.ReadinessProbe;

    public V1Probe? StartupProbe => _container is not null ? _container.StartupProbe : _ephemeral!.StartupProbe;

    public V1Lifecycle? Lifecycle => _container is not null ? _container.Lifecycle : _ephemeral!.Lifecycle;

    /// <summary>JSON pointer of this container, e.g. <c>/spec/initContainers/1</c>, followed by <paramref name="suffix"/>.</summary>
    public string Path(string suffix)
    {
        var list = Kind switch
        {
            ContainerKind.Init => "initContainers",
            ContainerKind.Regular => "containers",
            _ => "ephemeralContainers",
        };
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"/spec/{list}/{Index}{suffix}");
    }
}

/// <summary>
/// Allocation-free walk over init containers, then containers, then ephemeral containers (upstream's visit order).
/// Null entries are skipped.
/// </summary>
internal ref struct ContainerWalk
{
    private readonly V1PodSpec _spec;
    private ContainerKind _kind;
    private int _index;

    public ContainerWalk(V1PodSpec spec)
    {
        _spec = spec;
        _kind = ContainerKind.Init;
        _index = -1;
        Current = default;
    }

    public ContainerRef Current { get; private set; }

    public readonly ContainerWalk GetEnumerator() => this;

    public bool MoveNext()
    {
        while (true)
        {
            _index++;
            switch (_kind)
            {
                case ContainerKind.Init:
                    if (TryTake(_spec.InitContainers, ContainerKind.Init, out var init))
                    {
                        Current = init;
                        return true;
                    }

                    if (_spec.InitContainers is not null && _index < _spec.InitContainers.Count)
                    {
                        continue;
                    }

                    _kind = ContainerKind.Regular;
                    _index = -1;
                    break;
                case ContainerKind.Regular:
                    if (TryTake(_spec.Containers, ContainerKind.Regular, out var regular))
                    {
                        Current = regular;
                        return true;
                    }

                    if (_spec.Containers is not null && _index < _spec.Containers.Count)
                    {
                        continue;
                    }

                    _kind = ContainerKind.Ephemeral;
                    _index = -1;
                    break;
                default:
                    var ephemeral = _spec.EphemeralContainers;
                    if (ephemeral is null || _index >= ephemeral.Count)
                    {
                        return false;
                    }

                    if (ephemeral[_index] is { } e)
                    {
                        Current = new ContainerRef(e, _index);
                        return true;
                    }

                    break;
            }
        }
    }

    private readonly bool TryTake(IList<V1Container>? list, ContainerKind kind, out ContainerRef item)
    {
        if (list is not null && _index < list.Count && list[_index] is { } c)
        {
            item = new ContainerRef(c, kind, _index);
            return true;
        }

        item = default;
        return false;
    }
}

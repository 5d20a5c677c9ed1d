using System.Reflection;

namespace Palisade.Core.Policy;

/// <summary>
/// Field-by-field copies of Kubernetes model objects (their generated classes have no copy constructor), so the engine
/// can evaluate the mutated pod without touching the caller's object or serialising it.
/// </summary>
internal static class ShallowCopy
{
    private static readonly Func<object, object> CloneFields =
        typeof(object).GetMethod("MemberwiseClone", BindingFlags.Instance | BindingFlags.NonPublic)!
            .CreateDelegate<Func<object, object>>();

    public static T Of<T>(T value)
        where T : class => (T)CloneFields(value);
}

using System.Collections.Immutable;

namespace Bunsan.ControlPlane;

/// <summary>
/// The outcome of a change asked of the control plane (register a site, deploy a function): accepted,
/// or rejected with every problem found, each naming the field and the fix. A rejected change stores
/// nothing. An expected outcome, so a value rather than an exception: the HTTP layer turns it into 400.
/// </summary>
[GenerateSerializer, Immutable, Alias("bunsan.change-result")]
public sealed record ChangeResult([property: Id(0)] ImmutableArray<string> Errors)
{
    public static ChangeResult Accepted { get; } = new(ImmutableArray<string>.Empty);

    public bool Succeeded => Errors.IsDefaultOrEmpty;

    public static ChangeResult Rejected(params IEnumerable<string> errors) => new([.. errors]);
}

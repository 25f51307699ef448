using System.Collections.Immutable;

namespace Bunsan.ControlPlane.Catalogs;

/// <summary>A durable set of names (site ids, function names): the only way to enumerate keyed grains.</summary>
public interface INameList
{
    /// <summary>Adds the name; adding one already there changes nothing and writes nothing.</summary>
    Task Add(string name);

    /// <summary>Removes the name; removing one that is absent changes nothing and writes nothing.</summary>
    Task Remove(string name);

    /// <summary>Every name, in ordinal order.</summary>
    Task<ImmutableArray<string>> List();
}

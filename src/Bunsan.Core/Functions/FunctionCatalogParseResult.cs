using System.Collections.Immutable;

namespace Bunsan.Core.Functions;

/// <summary>The outcome of reading a function catalog: the functions, or every problem found in it.</summary>
/// <param name="Functions">The functions in file order when the file is valid; empty otherwise.</param>
/// <param name="Errors">Each problem as "source:line:column: functions[i] (name): field is value: fix"; empty on success.</param>
public sealed record FunctionCatalogParseResult(ImmutableArray<FunctionSpec> Functions, ImmutableArray<string> Errors)
{
    public bool Succeeded => Errors.IsEmpty && !Functions.IsDefaultOrEmpty;
}

using System.Runtime.CompilerServices;

// Filter and scorer tests drive the demand search directly to set up the evidence they judge.
[assembly: InternalsVisibleTo("Bunsan.Placement.Tests")]

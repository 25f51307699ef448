namespace Bunsan.Federation.Policies;

internal static class PolicyPlaceholder;

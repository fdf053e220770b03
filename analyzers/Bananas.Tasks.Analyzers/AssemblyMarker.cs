namespace Bananas.Tasks.Placeholder { internal static class AssemblyMarker { } }

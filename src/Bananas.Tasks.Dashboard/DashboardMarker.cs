namespace Bananas.Tasks.Dashboard;

/// <summary>Says <c>AddBananasDashboard()</c> ran (MapBananasDashboard checks it and names the call otherwise).</summary>
internal sealed class DashboardMarker;

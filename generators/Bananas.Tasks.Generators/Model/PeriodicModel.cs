namespace Bananas.Tasks.Generators.Model;

/// <summary>The schedule a <c>[BananaTask(Cron = …)]</c> declares, registered by <c>AddGeneratedTasks()</c>.</summary>
/// <param name="ScheduleName">The schedule name: the task name when it is a valid one, else derived from it (<see cref="ScheduleNames"/>, shared with the runtime).</param>
/// <param name="Cron">The cron expression as written (the analyzer runs Cronos on it; <c>AddPeriodic</c> validates it again).</param>
/// <param name="TimeZone">The time zone id; null for UTC.</param>
/// <param name="ArgumentsJson">The <c>CronArgs</c> JSON object; null: the payload is <c>EncodeArguments()</c> of the parameters' defaults.</param>
internal sealed record PeriodicModel(string ScheduleName, string Cron, string? TimeZone, string? ArgumentsJson);

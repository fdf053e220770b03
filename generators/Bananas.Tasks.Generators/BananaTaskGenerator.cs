using Bananas.Tasks.Generators.Emitting;
using Bananas.Tasks.Generators.Model;
using Bananas.Tasks.Generators.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Bananas.Tasks.Generators;

/// <summary>
/// For every <c>[BananaTask]</c> method: a typed proxy, an argument/result codec and an invoker; for the assembly:
/// <c>AddGeneratedTasks()</c>. Parsing (<see cref="TaskParser"/>) and emitting (<c>Emitting/</c>) live apart; only
/// equatable models travel between them, so unrelated edits keep every output cached.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class BananaTaskGenerator : IIncrementalGenerator
{
    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var tasks = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                BananasRules.BananaTaskAttributeFullName,
                static (node, _) => node is MethodDeclarationSyntax,
                static (ctx, ct) => TaskParser.Parse(ctx, ct))
            .WithTrackingName(TrackingNames.ParsedTasks)
            .Where(static task => task is not null)
            .Select(static (task, _) => task!)
            .WithTrackingName(TrackingNames.Tasks);

        var jsonContext = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                SymbolNames.BananasJsonContextAttribute,
                static (node, _) => node is CompilationUnitSyntax,
                static (ctx, ct) => JsonContextParser.Parse(ctx, ct))
            .Collect()
            .Select(static (all, _) => all.IsDefaultOrEmpty ? JsonContextModel.None : all[0])
            .WithTrackingName(TrackingNames.JsonContext);

        // Tasks sharing a task name (BNT130) or a proxy type (BNT131) get no file and no registration: TaskIdentity,
        // shared with the analyzers, which report them. Emitting them would fail at AddGeneratedTasks() or at CS0101.
        // A task's file does not show its schedule (the registration does): without it, a Cron edit leaves the file cached.
        var files = tasks
            .Select(static (task, _) => task.Periodic is null ? task : task with { Periodic = null })
            .Collect()
            .SelectMany(static (all, _) => TaskFile.AssignHintNames(TaskIdentity.Unique(all, static t => t.TaskName, static t => t.ProxyTypeName)))
            .WithTrackingName(TrackingNames.TaskFiles)
            .Combine(jsonContext)
            .WithTrackingName(TrackingNames.TaskFilesWithJson);

        context.RegisterSourceOutput(files, static (spc, item) =>
            spc.AddSource(item.Left.HintName, TaskFileEmitter.Emit(item.Left.Task, item.Right)));

        var registrations = tasks
            .Select(static (task, _) => RegistrationEntry.From(task))
            .Collect()
            .Select(static (all, _) => new EquatableArray<RegistrationEntry>(TaskIdentity.Unique(all, static e => e.TaskName, static e => e.ProxyTypeName)))
            .WithTrackingName(TrackingNames.Registrations);

        context.RegisterSourceOutput(registrations, static (spc, entries) =>
        {
            if (entries.Count > 0) spc.AddSource(RegistrationEmitter.HintName, RegistrationEmitter.Emit(entries));
        });
    }
}

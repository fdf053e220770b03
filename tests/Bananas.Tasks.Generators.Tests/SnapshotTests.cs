using Bananas.Tasks.Generators.Tests.Infrastructure;

namespace Bananas.Tasks.Generators.Tests;

/// <summary>Golden files of the generated source (Snapshots/{Test}/{HintName}.txt); each output must also compile with no warning.</summary>
public sealed class SnapshotTests
{
    [Fact] public void InstanceAndStaticTasks_WithUserRecords() => Check(nameof(InstanceAndStaticTasks_WithUserRecords), TestSources.Media);
    [Fact] public void ValueTask_WithoutCancellationToken() => Check(nameof(ValueTask_WithoutCancellationToken), TestSources.ValueTaskNoToken);
    [Fact] public void OptionalParameters_WithDefaults() => Check(nameof(OptionalParameters_WithDefaults), TestSources.OptionalParameters);
    [Fact] public void NestedNamespaces_AndNestedTypes() => Check(nameof(NestedNamespaces_AndNestedTypes), TestSources.NestedNamespaces);
    [Fact] public void OverriddenNames() => Check(nameof(OverriddenNames), TestSources.OverriddenNames);
    [Fact] public void AllPrimitiveKinds() => Check(nameof(AllPrimitiveKinds), TestSources.AllPrimitives);
    [Fact] public void GlobalNamespace_NoJsonContext_ShadowingParameterNames() => Check(nameof(GlobalNamespace_NoJsonContext_ShadowingParameterNames), TestSources.GlobalNamespaceNoContext);
    [Fact] public void ReflectionOptIn() => Check(nameof(ReflectionOptIn), TestSources.ReflectionOptIn);
    [Fact] public void TaskContextParameters_AreInjected() => Check(nameof(TaskContextParameters_AreInjected), TestSources.InjectedContext);
    [Fact] public void PeriodicTasks() => Check(nameof(PeriodicTasks), TestSources.Periodic);
    [Fact] public void RetentionPerTask() => Check(nameof(RetentionPerTask), TestSources.Retention);
    [Fact] public void UniqueJobs_KeyFromUniqueByArguments() => Check(nameof(UniqueJobs_KeyFromUniqueByArguments), TestSources.Unique);
    [Fact] public void RateLimits_PartitionFromPartitionByArgument() => Check(nameof(RateLimits_PartitionFromPartitionByArgument), TestSources.Rate);
    [Fact] public void FlowControl_ConcurrencySequenceAndDebounceFromArguments() => Check(nameof(FlowControl_ConcurrencySequenceAndDebounceFromArguments), TestSources.Flow);
    [Fact] public void ProgressParameters_AreInjected() => Check(nameof(ProgressParameters_AreInjected), TestSources.Progress);
    [Fact] public void WorkflowSteps_CallForEveryTask() => Check(nameof(WorkflowSteps_CallForEveryTask), TestSources.WorkflowChain);
    [Fact] public void RenamedParameters_DecodeTheirOldNames() => Check(nameof(RenamedParameters_DecodeTheirOldNames), TestSources.RenamedParameters);
    [Fact] public void SensitiveParameters_AreRecordedInTheRegistration() => Check(nameof(SensitiveParameters_AreRecordedInTheRegistration), TestSources.SensitiveParameters);

    private static void Check(string testName, string source)
    {
        var (output, result, _) = TestCompiler.Run(TestCompiler.Compile(testName, source));
        Assert.NotEmpty(result.GeneratedSources);
        Assert.Empty(TestCompiler.Problems(output));
        SnapshotAssert.Matches(result, testName);
    }
}

// "Can this method be a task?" decided once, for the source generator and the analyzers.
// Linked into both Roslyn components (like BananasRules.cs): the generator emits a task only when
// TaskShape.Rejections is empty, the analyzers report every rejection (one descriptor per kind, in
// DiagnosticDescriptors.cs). So the generator can never emit code for a method the analyzers reject, nor
// skip one they accept. Roslyn-only: the runtime project compiles this file empty.
// netstandard2.0, Roslyn 4.11, no other dependency.
#if BUILDING_SOURCE_GENERATOR
#nullable enable
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Bananas.Tasks
{
    /// <summary>How the worker fills one parameter of a task method.</summary>
    internal enum TaskParameterRole
    {
        /// <summary>From the job's JSON payload; the proxy takes it.</summary>
        Payload,

        /// <summary>The job's token (timeout, cancel, shutdown); injected, never in the payload.</summary>
        CancellationToken,

        /// <summary>The job's <c>TaskContext</c>; injected, never in the payload.</summary>
        TaskContext,

        /// <summary>An <c>IProgress&lt;T&gt;</c> whose reports are stored on the job; injected, never in the payload.</summary>
        Progress,
    }

    /// <summary>Why a <c>[BananaTask]</c> method cannot be a task. Each kind is one analyzer diagnostic (its ID in the comment).</summary>
    internal enum TaskRejectionKind
    {
        /// <summary>BNT001. <see cref="TaskRejection.Detail"/>: what is wrong with <c>Route</c>.</summary>
        RouteInvalid,
        /// <summary>BNT003. Detail: the value.</summary>
        PriorityOutOfRange,
        /// <summary>BNT004. Detail: the value.</summary>
        MaxRetriesNegative,
        /// <summary>BNT005. Detail: the value.</summary>
        TimeoutNegative,
        /// <summary>BNT008. Detail: the value.</summary>
        KeepCompletedNegative,
        /// <summary>BNT006. Detail: what is wrong with <c>Name</c>.</summary>
        TaskNameInvalid,
        /// <summary>BNT007. Detail: the proxy name (<c>ProxyName</c>, else the method name).</summary>
        ProxyNameInvalid,
        /// <summary>BNT017 (Argument: <c>UniqueBy</c>, <c>PartitionBy</c>, <c>SequenceBy</c> or <c>DebounceBy</c>). Detail: the name written (null for a null entry); Index: its place in <c>UniqueBy</c> or <c>DebounceBy</c> (-1 for <c>PartitionBy</c> and <c>SequenceBy</c>); Parameter: the injected parameter it names, if any.</summary>
        UniqueByNotParameter,
        /// <summary>BNT018 (Argument: <c>UniqueBy</c>, <c>PartitionBy</c>, <c>SequenceBy</c> or <c>DebounceBy</c>). Parameter; Detail: the reason; Index: its place in <c>UniqueBy</c> or <c>DebounceBy</c> (-1 for a single name).</summary>
        UniqueByUnstable,
        /// <summary>BNT019. Detail: what is wrong; Argument: <c>UniqueForSeconds</c> or <c>Unique</c>.</summary>
        UniqueSettingInvalid,
        /// <summary>BNT023. Detail: what is wrong; Argument: <c>RateLimit</c> or <c>RatePeriodSeconds</c>.</summary>
        RateSettingInvalid,
        /// <summary>BNT025. Detail: what is wrong; Argument: <c>ConcurrencyLimit</c>, <c>ConcurrencyScope</c>, <c>SequenceHold</c> or <c>DebounceSeconds</c>.</summary>
        FlowSettingInvalid,
        /// <summary>BNT026. Detail: which settings conflict and why; Argument: the one reported (<c>ConcurrencyLimit</c>, <c>DebounceSeconds</c> or <c>Replace</c>).</summary>
        FlowSettingsConflict,
        /// <summary>BNT010.</summary>
        MethodGeneric,
        /// <summary>BNT011. Parameter; Detail: <c>a ref parameter</c>, <c>a pointer</c>, ….</summary>
        ParameterByReference,
        /// <summary>BNT012. Parameter: the second one; Detail: <c>CancellationToken</c>, <c>TaskContext</c> or <c>IProgress&lt;T&gt;</c>.</summary>
        InjectedParameterRepeated,
        /// <summary>BNT013.</summary>
        AsyncVoid,
        /// <summary>BNT014.</summary>
        ReturnTypeUnsupported,
        /// <summary>BNT015. Detail: the accessibility in C# words.</summary>
        MethodInaccessible,
        /// <summary>BNT020. Type: the generic type.</summary>
        ContainingTypeGeneric,
        /// <summary>BNT021. Type: the hidden type; Detail: <c>private</c>, <c>file-local</c>, ….</summary>
        ContainingTypeInaccessible,
        /// <summary>BNT022. Type: the handler type; Detail: <c>interface</c>, <c>struct</c>, <c>abstract class</c>.</summary>
        ContainingTypeUncreatable,
        /// <summary>BNT050. Parameter; Detail: the reason.</summary>
        ParameterUnserializable,
        /// <summary>BNT051. Type: the result type; Detail: the reason.</summary>
        ResultUnserializable,
    }

    /// <summary>One reason a method cannot be a task, with what the analyzer needs to place and word its diagnostic.</summary>
    internal sealed class TaskRejection
    {
        public TaskRejection(TaskRejectionKind kind, string? detail = null, IParameterSymbol? parameter = null, ITypeSymbol? type = null, string? argument = null, int index = -1)
        {
            Kind = kind;
            Index = index;
            Detail = detail;
            Parameter = parameter;
            Type = type;
            Argument = argument;
        }

        public TaskRejectionKind Kind { get; }

        /// <summary>Message detail; see each <see cref="TaskRejectionKind"/>.</summary>
        public string? Detail { get; }

        /// <summary>The offending parameter, for parameter rules.</summary>
        public IParameterSymbol? Parameter { get; }

        /// <summary>The offending type, for containing-type and result rules.</summary>
        public ITypeSymbol? Type { get; }

        /// <summary>The <c>[BananaTask]</c> named argument at fault (<c>Route</c>, <c>Priority</c>, …), for attribute rules.</summary>
        public string? Argument { get; }

        /// <summary>The entry of an array argument at fault (<c>UniqueBy</c>); -1 for the whole argument.</summary>
        public int Index { get; }
    }

    /// <summary>
    /// A <c>[BananaTask]</c> method as the worker sees it: the role of each parameter, the typed result, the names,
    /// and every reason it cannot be a task (<see cref="Rejections"/>; empty means the generator emits it).
    /// </summary>
    internal sealed class TaskShape
    {
        private TaskShape(IMethodSymbol method, ImmutableArray<TaskParameterRole> roles, ITypeSymbol? resultType,
            string taskName, string proxyName, ImmutableArray<TaskRejection> rejections)
        {
            Method = method;
            ParameterRoles = roles;
            ResultType = resultType;
            TaskName = taskName;
            ProxyName = proxyName;
            Rejections = rejections;
        }

        public IMethodSymbol Method { get; }

        /// <summary>Per parameter of <see cref="Method"/>, in order: payload or injected.</summary>
        public ImmutableArray<TaskParameterRole> ParameterRoles { get; }

        /// <summary>The T of <c>Task&lt;T&gt;</c>/<c>ValueTask&lt;T&gt;</c>; null for <c>Task</c>/<c>ValueTask</c> (or an unsupported return).</summary>
        public ITypeSymbol? ResultType { get; }

        /// <summary>The task name on the wire: <c>Name</c>, else the method name in snake_case.</summary>
        public string TaskName { get; }

        /// <summary>The proxy type's name: <c>ProxyName</c>, else the method name.</summary>
        public string ProxyName { get; }

        /// <summary>Every reason the method cannot be a task; empty when it can.</summary>
        public ImmutableArray<TaskRejection> Rejections { get; }

        /// <summary>True when nothing rejects the method: the generator emits it and the analyzers report no error for it.</summary>
        public bool IsTask => Rejections.IsEmpty;

        /// <summary>
        /// The shape of <paramref name="method"/> carrying <paramref name="attribute"/> (<c>[BananaTask]</c>); null for a method
        /// that is not an ordinary method (an operator, an accessor, a local function), which neither side treats as a task.
        /// </summary>
        public static TaskShape? Of(IMethodSymbol method, AttributeData attribute)
        {
            if (method.MethodKind != MethodKind.Ordinary || method.ContainingType is not { } owner) return null;
            var rejections = ImmutableArray.CreateBuilder<TaskRejection>();

            CheckAttributeValues(attribute, rejections, out var name, out var proxy);
            var proxyName = proxy ?? method.Name;
            if (!IsTypeName(proxyName)) rejections.Add(new TaskRejection(TaskRejectionKind.ProxyNameInvalid, proxyName, argument: proxy is null ? null : "ProxyName"));

            // The method.
            if (method.IsGenericMethod) rejections.Add(new TaskRejection(TaskRejectionKind.MethodGeneric));
            if (!IsReachableInAssembly(method.DeclaredAccessibility))
                rejections.Add(new TaskRejection(TaskRejectionKind.MethodInaccessible, Describe(method.DeclaredAccessibility)));

            // Its parameters: injected or payload; one token, one context and one progress at most.
            var roles = ImmutableArray.CreateBuilder<TaskParameterRole>(method.Parameters.Length);
            bool sawToken = false, sawContext = false, sawProgress = false;
            foreach (var parameter in method.Parameters)
            {
                var role = TaskTypeRules.RoleOf(parameter.Type);
                roles.Add(role);
                var byReference = TaskTypeRules.ByReferenceKind(parameter);
                if (byReference is not null)
                    rejections.Add(new TaskRejection(TaskRejectionKind.ParameterByReference, byReference, parameter));
                if (role == TaskParameterRole.CancellationToken)
                {
                    if (sawToken) rejections.Add(new TaskRejection(TaskRejectionKind.InjectedParameterRepeated, "CancellationToken", parameter));
                    sawToken = true;
                }
                else if (role == TaskParameterRole.TaskContext)
                {
                    if (sawContext) rejections.Add(new TaskRejection(TaskRejectionKind.InjectedParameterRepeated, "TaskContext", parameter));
                    sawContext = true;
                }
                else if (role == TaskParameterRole.Progress)
                {
                    if (sawProgress) rejections.Add(new TaskRejection(TaskRejectionKind.InjectedParameterRepeated, "IProgress<T>", parameter));
                    sawProgress = true;
                    if (TaskTypeRules.WhyNotSerializable(TaskTypeRules.ProgressType(parameter.Type)!) is { } progressReason)
                        rejections.Add(new TaskRejection(TaskRejectionKind.ParameterUnserializable, "its progress type '" + TaskTypeRules.ProgressType(parameter.Type)!.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat) + "': " + progressReason, parameter));
                }
                else if (byReference != "a pointer" && TaskTypeRules.WhyNotSerializable(parameter.Type) is { } reason)
                {
                    // A pointer is BNT011's alone.
                    rejections.Add(new TaskRejection(TaskRejectionKind.ParameterUnserializable, reason, parameter));
                }
            }

            CheckUnique(method, attribute, rejections);
            CheckRate(attribute, rejections);
            CheckFlow(method, attribute, rejections);

            // Its return type.
            ITypeSymbol? result = null;
            if (method.ReturnsVoid && method.IsAsync) rejections.Add(new TaskRejection(TaskRejectionKind.AsyncVoid));
            else if (!TaskTypeRules.IsAwaitable(method.ReturnType)) rejections.Add(new TaskRejection(TaskRejectionKind.ReturnTypeUnsupported));
            else if ((result = TaskTypeRules.ResultType(method.ReturnType)) is not null && TaskTypeRules.WhyNotSerializable(result) is { } reason)
                rejections.Add(new TaskRejection(TaskRejectionKind.ResultUnserializable, reason, type: result));

            // The types around it: the generated code outside them must name them, and DI must create an instance handler.
            INamedTypeSymbol? generic = null, hidden = null;
            for (var type = owner; type is not null; type = type.ContainingType)
            {
                if (generic is null && type.TypeParameters.Length > 0) generic = type;
                if (hidden is null && (type.IsFileLocal || !IsReachableInAssembly(type.DeclaredAccessibility))) hidden = type;
            }
            if (generic is not null) rejections.Add(new TaskRejection(TaskRejectionKind.ContainingTypeGeneric, type: generic));
            if (hidden is not null)
                rejections.Add(new TaskRejection(TaskRejectionKind.ContainingTypeInaccessible,
                    hidden.IsFileLocal ? "file-local" : Describe(hidden.DeclaredAccessibility), type: hidden));
            if (!method.IsStatic && UncreatableKind(owner) is { } kind)
                rejections.Add(new TaskRejection(TaskRejectionKind.ContainingTypeUncreatable, kind, type: owner));

            return new TaskShape(method, roles.MoveToImmutable(), result, name ?? BananasRules.ToTaskName(method.Name), proxyName, rejections.ToImmutable());
        }

        /// <summary>
        /// A namespace, or a non-generic type this assembly can see, that already has the proxy's name in the handler's
        /// namespace (BNT030); null when there is none. <paramref name="ignore"/> skips types that are not the user's
        /// (the analyzer runs with the generator's own proxies in the compilation; the generator never sees them).
        /// </summary>
        public ISymbol? FindProxyCollision(Compilation compilation, System.Func<INamedTypeSymbol, bool>? ignore = null)
        {
            var ns = Method.ContainingType?.ContainingNamespace;
            if (ns is null || !IsTypeName(ProxyName)) return null;
            foreach (var member in ns.GetMembers(ProxyName))
            {
                if (member is INamespaceSymbol) return member;
                if (member is INamedTypeSymbol { Arity: 0 } type && compilation.IsSymbolAccessibleWithin(type, compilation.Assembly)
                    && (ignore is null || !ignore(type)))
                    return member;
            }
            return null;
        }

        /// <summary>A plain C# identifier that is not a keyword (no <c>@</c> escape, no dots): what a proxy type can be named.</summary>
        public static bool IsTypeName(string name) =>
            SyntaxFacts.IsValidIdentifier(name) && SyntaxFacts.GetKeywordKind(name) == SyntaxKind.None;

        /// <summary>True when generated code elsewhere in the assembly can reach a member of this accessibility.</summary>
        public static bool IsReachableInAssembly(Accessibility accessibility) =>
            accessibility is Accessibility.Public or Accessibility.Internal or Accessibility.ProtectedOrInternal;

        /// <summary>C# words for an accessibility (<c>private</c>, <c>private protected</c>, …), for messages.</summary>
        public static string Describe(Accessibility accessibility) => accessibility switch
        {
            Accessibility.Private => "private",
            Accessibility.Protected => "protected",
            Accessibility.ProtectedAndInternal => "private protected",
            Accessibility.ProtectedOrInternal => "protected internal",
            Accessibility.Internal => "internal",
            Accessibility.Public => "public",
            _ => "not accessible",
        };

        private static void CheckAttributeValues(AttributeData attribute, ImmutableArray<TaskRejection>.Builder rejections, out string? name, out string? proxy)
        {
            name = null;
            proxy = null;
            foreach (var argument in attribute.NamedArguments)
            {
                var value = argument.Value;
                switch (argument.Key)
                {
                    case "Route":
                        if (BananasRules.ValidateRoutingKey(value.IsNull ? null : value.Value as string) is { } routeError)
                            rejections.Add(new TaskRejection(TaskRejectionKind.RouteInvalid, routeError, argument: "Route"));
                        break;
                    case "Priority":
                        if (value.Value is int priority && !BananasRules.IsValidPriority(priority))
                            rejections.Add(new TaskRejection(TaskRejectionKind.PriorityOutOfRange, Number(priority), argument: "Priority"));
                        break;
                    case "MaxRetries":
                        if (value.Value is int retries && retries < -1)
                            rejections.Add(new TaskRejection(TaskRejectionKind.MaxRetriesNegative, Number(retries), argument: "MaxRetries"));
                        break;
                    case "TimeoutSeconds":
                        if (value.Value is int timeout && timeout < 0)
                            rejections.Add(new TaskRejection(TaskRejectionKind.TimeoutNegative, Number(timeout), argument: "TimeoutSeconds"));
                        break;
                    case "KeepCompletedSeconds":
                        if (value.Value is int keep && keep < -1)
                            rejections.Add(new TaskRejection(TaskRejectionKind.KeepCompletedNegative, Number(keep), argument: "KeepCompletedSeconds"));
                        break;
                    case "Name":
                        if (value.IsNull) break;
                        name = value.Value as string;
                        if (BananasRules.ValidateTaskName(name) is { } nameError)
                            rejections.Add(new TaskRejection(TaskRejectionKind.TaskNameInvalid, nameError, argument: "Name"));
                        break;
                    case "ProxyName":
                        if (!value.IsNull) proxy = value.Value as string;
                        break;
                }
            }
        }

        /// <summary>Longest <c>UniqueForSeconds</c>: the client's longest lock period (366 days, <c>UniqueLocks.MaxPeriod</c>).</summary>
        public const int MaxUniqueForSeconds = 366 * 24 * 60 * 60;

        /// <summary>
        /// The unique settings (<c>Unique</c>, <c>UniqueBy</c>, <c>UniqueForSeconds</c>) the client would refuse on every
        /// enqueue (BNT017, BNT018, BNT019). With <c>Unique</c> None they are not used (the generator emits none of them;
        /// BNT009 warns), so they are not checked here.
        /// </summary>
        private static void CheckUnique(IMethodSymbol method, AttributeData attribute, ImmutableArray<TaskRejection>.Builder rejections)
        {
            int scope = 0, seconds = 0;
            bool secondsWritten = false;
            TypedConstant uniqueBy = default;
            foreach (var argument in attribute.NamedArguments)
            {
                switch (argument.Key)
                {
                    case "Unique": if (argument.Value.Value is int u) scope = u; break;
                    case "UniqueForSeconds": if (argument.Value.Value is int f) { seconds = f; secondsWritten = true; } break;
                    case "UniqueBy": uniqueBy = argument.Value; break;
                }
            }
            if (scope == 0) return;
            if (scope is < 0 or > 3)
                rejections.Add(new TaskRejection(TaskRejectionKind.UniqueSettingInvalid,
                    "Unique is " + Number(scope) + "; expected UniqueScope.None, WhileQueued, WhileQueuedOrRunning or ForPeriod", argument: "Unique"));
            else if (seconds < 0)
                rejections.Add(new TaskRejection(TaskRejectionKind.UniqueSettingInvalid,
                    "UniqueForSeconds is " + Number(seconds) + "; expected a positive number of seconds, or 0 for no bound", argument: "UniqueForSeconds"));
            else if (seconds > MaxUniqueForSeconds)
                rejections.Add(new TaskRejection(TaskRejectionKind.UniqueSettingInvalid,
                    "UniqueForSeconds is " + Number(seconds) + "; expected at most " + Number(MaxUniqueForSeconds) + " (366 days)", argument: "UniqueForSeconds"));
            else if (scope == 3 && seconds == 0)
                rejections.Add(new TaskRejection(TaskRejectionKind.UniqueSettingInvalid,
                    "Unique is ForPeriod but UniqueForSeconds is " + (secondsWritten ? "0" : "not set") + "; give the period in seconds, e.g. UniqueForSeconds = 600",
                    argument: secondsWritten ? "UniqueForSeconds" : "Unique"));

            if (uniqueBy.Kind != TypedConstantKind.Array || uniqueBy.IsNull) return;
            for (int i = 0; i < uniqueBy.Values.Length; i++)
            {
                if (uniqueBy.Values[i].Kind == TypedConstantKind.Error) continue; // the compiler reports it (nameof of nothing)
                CheckParameterName(method, uniqueBy.Values[i].Value as string, "UniqueBy", i, rejections);
            }
        }

        /// <summary>
        /// A property that names a payload parameter whose value the proxy turns into text (<c>UniqueBy</c>'s and
        /// <c>DebounceBy</c>'s entries, <c>PartitionBy</c>, <c>SequenceBy</c>): BNT017 when <paramref name="name"/> is no payload parameter, BNT018 when its type has no
        /// stable text form. <paramref name="index"/>: the entry of an array property, -1 for a single name.
        /// </summary>
        private static void CheckParameterName(IMethodSymbol method, string? name, string argument, int index, ImmutableArray<TaskRejection>.Builder rejections)
        {
            IParameterSymbol? found = null;
            foreach (var parameter in method.Parameters)
            {
                if (parameter.Name == name) { found = parameter; break; }
            }
            if (found is null || TaskTypeRules.RoleOf(found.Type) != TaskParameterRole.Payload)
                rejections.Add(new TaskRejection(TaskRejectionKind.UniqueByNotParameter, name, found, argument: argument, index: index));
            else if (TaskTypeRules.WhyNoStableText(found.Type) is { } reason)
                rejections.Add(new TaskRejection(TaskRejectionKind.UniqueByUnstable, reason, found, argument: argument, index: index));
        }

        /// <summary>Longest <c>RatePeriodSeconds</c>: a day, the longest <c>RateLimit.Period</c> the client takes.</summary>
        public const int MaxRatePeriodSeconds = 24 * 60 * 60;

        /// <summary>
        /// The rate settings (<c>RateLimit</c>, <c>RatePeriodSeconds</c>) the client would refuse on every enqueue
        /// (<c>RateLimit.Problem()</c>): BNT023 for a negative limit, a period outside 1 s to a day or starts closer than
        /// 1 ms. With <c>RateLimit</c> 0 the period is not used (the generator emits none; BNT024 warns), so only a
        /// negative limit is checked then. <c>PartitionBy</c>, which partitions the concurrency limit too, is
        /// <see cref="CheckFlow"/>'s.
        /// </summary>
        private static void CheckRate(AttributeData attribute, ImmutableArray<TaskRejection>.Builder rejections)
        {
            int limit = 0, period = 1;
            foreach (var argument in attribute.NamedArguments)
            {
                switch (argument.Key)
                {
                    case "RateLimit": if (argument.Value.Value is int l) limit = l; break;
                    case "RatePeriodSeconds": if (argument.Value.Value is int p) period = p; break;
                }
            }
            if (limit < 0)
            {
                rejections.Add(new TaskRejection(TaskRejectionKind.RateSettingInvalid,
                    "RateLimit is " + Number(limit) + "; expected the number of starts per period (1 or more), or 0 for no limit", argument: "RateLimit"));
                return;
            }
            if (limit == 0) return;
            if (period < 1 || period > MaxRatePeriodSeconds)
                rejections.Add(new TaskRejection(TaskRejectionKind.RateSettingInvalid,
                    "RatePeriodSeconds is " + Number(period) + "; expected from 1 to " + Number(MaxRatePeriodSeconds) + " (a day)", argument: "RatePeriodSeconds"));
            else if (limit > period * 1000L)
                rejections.Add(new TaskRejection(TaskRejectionKind.RateSettingInvalid,
                    "RateLimit of " + Number(limit) + " per " + Number(period) + " s spaces starts less than 1 ms apart; expected at most "
                    + (period * 1000L).ToString(System.Globalization.CultureInfo.InvariantCulture) + " per " + Number(period) + " s (or a longer RatePeriodSeconds)",
                    argument: "RateLimit"));
        }

        /// <summary>Highest <c>ConcurrencyLimit</c>: the client's (<c>FlowKeys.MaxConcurrencyLimit</c>).</summary>
        public const int MaxConcurrencyLimit = 10_000;

        /// <summary>Longest <c>DebounceSeconds</c>: the client's longest debounce window, 366 days (<c>FlowKeys.MaxDebounce</c>).</summary>
        public const int MaxDebounceSeconds = MaxUniqueForSeconds;

        /// <summary>
        /// The partition, concurrency, sequence and debounce settings the client would refuse on every enqueue
        /// (<c>FlowKeys</c>): BNT025 for a <c>ConcurrencyLimit</c> outside 0 to 10000, a <c>DebounceSeconds</c> outside 0 to
        /// 366 days, or a scope or hold that is no member of its enum; BNT026 for settings that contradict each other
        /// (<c>Unique</c> with <c>DebounceSeconds</c> or <c>Replace</c>, <c>DebounceSeconds</c> with <c>Replace</c>, a
        /// concurrency limit above 1 per the very parameter <c>SequenceBy</c> keys, which a sequence never lets it reach);
        /// BNT017/BNT018 for <c>PartitionBy</c> (with a rate or concurrency limit), <c>SequenceBy</c> and the
        /// <c>DebounceBy</c> entries (with <c>DebounceSeconds</c> or <c>Replace</c>). A setting that would not be used
        /// (BNT024, BNT027 warn) is not checked.
        /// </summary>
        private static void CheckFlow(IMethodSymbol method, AttributeData attribute, ImmutableArray<TaskRejection>.Builder rejections)
        {
            int rateLimit = 0, concurrency = 0, scope = 0, hold = 0, debounce = 0, unique = 0;
            bool replace = false;
            TypedConstant partitionBy = default, sequenceBy = default, debounceBy = default;
            foreach (var argument in attribute.NamedArguments)
            {
                var value = argument.Value.Kind == TypedConstantKind.Array ? null : argument.Value.Value;
                switch (argument.Key)
                {
                    case "RateLimit": if (value is int r) rateLimit = r; break;
                    case "Unique": if (value is int u) unique = u; break;
                    case "ConcurrencyLimit": if (value is int c) concurrency = c; break;
                    case "ConcurrencyScope": if (value is int s) scope = s; break;
                    case "SequenceHold": if (value is int h) hold = h; break;
                    case "DebounceSeconds": if (value is int d) debounce = d; break;
                    case "Replace": if (value is bool b) replace = b; break;
                    case "PartitionBy": partitionBy = argument.Value; break;
                    case "SequenceBy": sequenceBy = argument.Value; break;
                    case "DebounceBy": debounceBy = argument.Value; break;
                }
            }
            var partition = partitionBy.Kind == TypedConstantKind.Primitive && !partitionBy.IsNull ? partitionBy.Value as string : null;
            var sequence = sequenceBy.Kind == TypedConstantKind.Primitive && !sequenceBy.IsNull ? sequenceBy.Value as string : null;

            // Values out of range.
            if (concurrency < 0 || concurrency > MaxConcurrencyLimit)
                rejections.Add(new TaskRejection(TaskRejectionKind.FlowSettingInvalid,
                    "ConcurrencyLimit is " + Number(concurrency) + "; expected the jobs that may run at once, from 1 to " + Number(MaxConcurrencyLimit) + ", or 0 for no limit",
                    argument: "ConcurrencyLimit"));
            else if (concurrency > 0 && scope is not (0 or 1))
                rejections.Add(new TaskRejection(TaskRejectionKind.FlowSettingInvalid,
                    "ConcurrencyScope is " + Number(scope) + "; expected LimitScope.Task or LimitScope.Route", argument: "ConcurrencyScope"));
            if (sequence is not null && hold is not (0 or 1))
                rejections.Add(new TaskRejection(TaskRejectionKind.FlowSettingInvalid,
                    "SequenceHold is " + Number(hold) + "; expected SequenceHold.UntilCompletedOrDead or SequenceHold.UntilCompleted", argument: "SequenceHold"));
            if (debounce < 0 || debounce > MaxDebounceSeconds)
                rejections.Add(new TaskRejection(TaskRejectionKind.FlowSettingInvalid,
                    "DebounceSeconds is " + Number(debounce) + "; expected the window in seconds, from 1 to " + Number(MaxDebounceSeconds) + " (366 days), or 0 for no debounce",
                    argument: "DebounceSeconds"));

            // Settings that contradict each other.
            if (sequence is not null && concurrency > 1 && scope == 0 && partition == sequence)
                rejections.Add(new TaskRejection(TaskRejectionKind.FlowSettingsConflict,
                    "ConcurrencyLimit of " + Number(concurrency) + " per PartitionBy '" + partition + "' is never reached: SequenceBy '" + sequence
                    + "' already runs one job per value at a time; remove ConcurrencyLimit, or partition it by another parameter",
                    argument: "ConcurrencyLimit"));
            if (unique != 0 && (debounce > 0 || replace))
                rejections.Add(new TaskRejection(TaskRejectionKind.FlowSettingsConflict,
                    "Unique and " + (debounce > 0 ? "DebounceSeconds" : "Replace") + " both decide what a second enqueue with the same key does (Unique returns the existing job, "
                    + (debounce > 0 ? "DebounceSeconds replaces its arguments and pushes it back" : "Replace replaces its arguments") + "): choose one",
                    argument: debounce > 0 ? "DebounceSeconds" : "Replace"));
            if (debounce > 0 && replace)
                rejections.Add(new TaskRejection(TaskRejectionKind.FlowSettingsConflict,
                    "DebounceSeconds and Replace are both set; DebounceSeconds pushes the waiting job's due time back, Replace keeps it: choose one",
                    argument: "Replace"));

            // The parameters the proxy reads.
            if (partition is not null && (rateLimit > 0 || concurrency > 0))
                CheckParameterName(method, partition, "PartitionBy", -1, rejections);
            if (sequence is not null)
                CheckParameterName(method, sequence, "SequenceBy", -1, rejections);
            if ((debounce > 0 || replace) && debounceBy.Kind == TypedConstantKind.Array && !debounceBy.IsNull)
            {
                for (int i = 0; i < debounceBy.Values.Length; i++)
                {
                    if (debounceBy.Values[i].Kind == TypedConstantKind.Error) continue; // the compiler reports it (nameof of nothing)
                    CheckParameterName(method, debounceBy.Values[i].Value as string, "DebounceBy", i, rejections);
                }
            }
        }

        /// <summary>Why DI cannot create <paramref name="type"/> per job, or null when it can (a concrete class).</summary>
        private static string? UncreatableKind(INamedTypeSymbol type) => type.TypeKind switch
        {
            TypeKind.Interface => "interface",
            TypeKind.Struct => "struct",
            TypeKind.Class when type.IsAbstract => "abstract class",
            TypeKind.Class => null,
            _ => "type",
        };

        private static string Number(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
#endif

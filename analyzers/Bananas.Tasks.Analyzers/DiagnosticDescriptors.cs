using Microsoft.CodeAnalysis;

namespace Bananas.Tasks.Analyzers
{
    /// <summary>Every diagnostic the Bananas.Tasks analyzers report, in one place.</summary>
    /// <remarks>
    /// <para>IDs are a public contract: users suppress them by ID in <c>.editorconfig</c> and
    /// <c>#pragma</c>, so an ID is never reused or renumbered. New rules take the next free number in
    /// their range, and every rule has a page <c>docs/diagnostics/{ID}.md</c> that its help link points at.</para>
    /// <list type="bullet">
    /// <item><c>BNT001–049</c>: task declaration (routing key, attribute values, signature, containing type, proxy name).</item>
    /// <item><c>BNT050–099</c>: argument and result types (serializability, JSON metadata for Native AOT).</item>
    /// <item><c>BNT100–129</c>: cron and schedule (Cronos parse, time zone).</item>
    /// <item><c>BNT130–169</c>: cross-task rules reported at compilation end (duplicate task or proxy names: 130–139;
    /// payload contracts against <c>BananaTasks.Shipped.txt</c> / <c>BananaTasks.Unshipped.txt</c>: 140–149, see docs/payload-contracts.md;
    /// of these, BNT141–144 are about one task and reported on it, so their code fixes work in the editor).</item>
    /// <item><c>BNT170–199</c>: call-site usage (BNT170: a workflow step that does not take the result of the step before it).</item>
    /// <item><c>BNT900–999</c>: generator or build problems (reserved).</item>
    /// </list>
    /// <para>Severity reflects certainty. <see cref="DiagnosticSeverity.Error"/> means the runtime would
    /// certainly reject or fail on this code (an invalid route throws, a duplicate task name stops the
    /// worker, a <c>void</c> handler cannot be awaited). <see cref="DiagnosticSeverity.Warning"/> means the
    /// code runs but is probably wrong (a route nobody declared), or the analyzer cannot be sure (a JSON
    /// context may know a type in ways a static walk of its attributes does not see).</para>
    /// </remarks>
    internal static class DiagnosticDescriptors
    {
        /// <summary>Help link of a rule: its page in the repository, <c>{0}</c> being the ID.</summary>
        public const string HelpLinkFormat = "https://github.com/bananas-tasks/bananas-tasks/blob/main/docs/diagnostics/{0}.md";

        /// <summary>Custom tag of rules reported from a compilation-end action.</summary>
        public const string CompilationEndTag = "CompilationEnd";

        private const string Routing = "Bananas.Routing";
        private const string Declaration = "Bananas.Declaration";
        private const string Serialization = "Bananas.Serialization";
        private const string Scheduling = "Bananas.Scheduling";
        private const string Usage = "Bananas.Usage";
        private const string Contracts = "Bananas.Contracts";

        /// <summary>BNT001: "Invalid routing key: {0}" — a literal route breaks the 1-64 [A-Za-z0-9_-] grammar.</summary>
        public static readonly DiagnosticDescriptor RoutingKeyInvalid = Create(
            "BNT001", "Routing key is invalid",
            "Invalid {0}",
            Routing, DiagnosticSeverity.Error,
            "A routing key must be 1-64 characters of [A-Za-z0-9_-]. The runtime throws ArgumentException for any other key, so the literal is rejected at compile time.");

        /// <summary>BNT002: "Route '{0}' is not declared in [assembly: BananaRoutes(...)] (declared: {1}){2}".</summary>
        public static readonly DiagnosticDescriptor RoutingKeyUndeclared = Create(
            "BNT002", "Routing key is not declared by the assembly",
            "Route '{0}' is not declared in [assembly: BananaRoutes(...)] (declared: {1}){2}",
            Routing, DiagnosticSeverity.Warning,
            "When an assembly declares its routes with [assembly: BananaRoutes(...)], a route outside that set is most likely a typo: jobs sent to it wait forever unless some worker serves that route.");

        /// <summary>BNT003: "Priority {0} is out of range; expected Priority.High (1), Priority.Normal (2) or Priority.Low (3)".</summary>
        public static readonly DiagnosticDescriptor PriorityOutOfRange = Create(
            "BNT003", "Priority is out of range",
            "Priority {0} is out of range; expected Priority.High (1), Priority.Normal (2) or Priority.Low (3)",
            Declaration, DiagnosticSeverity.Error,
            "Only three priorities exist on the wire (high, normal, low). Any other value cannot be enqueued.");

        /// <summary>BNT004: "MaxRetries is {0}; expected 0 or more, or -1 for the worker default".</summary>
        public static readonly DiagnosticDescriptor MaxRetriesNegative = Create(
            "BNT004", "MaxRetries is negative",
            "MaxRetries is {0}; expected 0 or more, or -1 for the worker default",
            Declaration, DiagnosticSeverity.Error,
            "MaxRetries counts retries after the first failure. -1 means the worker default; any other negative number has no meaning.");

        /// <summary>BNT005: "TimeoutSeconds is {0}; expected 0 (the worker default) or a positive number of seconds".</summary>
        public static readonly DiagnosticDescriptor TimeoutNegative = Create(
            "BNT005", "TimeoutSeconds is negative",
            "TimeoutSeconds is {0}; expected 0 (the worker default) or a positive number of seconds",
            Declaration, DiagnosticSeverity.Error,
            "A job cannot run for a negative time. 0 means the worker's JOB_TIMEOUT.");

        /// <summary>BNT008: "KeepCompletedSeconds is {0}; expected 0 (delete at completion), a positive number of seconds, or -1 for the process-wide setting".</summary>
        public static readonly DiagnosticDescriptor KeepCompletedNegative = Create(
            "BNT008", "KeepCompletedSeconds is below -1",
            "KeepCompletedSeconds is {0}; expected 0 (delete at completion), a positive number of seconds, or -1 for the process-wide setting",
            Declaration, DiagnosticSeverity.Error,
            "KeepCompletedSeconds is how long a completed job of the task is kept. -1 means KEEP_COMPLETED (else RESULT_TTL); 0 deletes the record at completion; any other negative number has no meaning and the worker would refuse to register the task.");

        /// <summary>BNT006: "Invalid {0}; expected 1-200 characters without whitespace or control characters".</summary>
        public static readonly DiagnosticDescriptor TaskNameInvalid = Create(
            "BNT006", "Task name is invalid",
            "Invalid {0}; expected 1-200 characters without whitespace or control characters",
            Declaration, DiagnosticSeverity.Error,
            "The task name is the job's name on the wire. The worker refuses to register a name that is empty, too long or has whitespace.");

        /// <summary>BNT007: "ProxyName '{0}' is not a valid C# type name".</summary>
        public static readonly DiagnosticDescriptor ProxyNameInvalid = Create(
            "BNT007", "ProxyName is not a valid type name",
            "ProxyName '{0}' is not a valid C# type name",
            Declaration, DiagnosticSeverity.Error,
            "The generator names the task's proxy type after ProxyName, so it must be a C# identifier.");

        /// <summary>BNT010: "Task method '{0}' is generic; a task handler cannot have type parameters".</summary>
        public static readonly DiagnosticDescriptor TaskMethodGeneric = Create(
            "BNT010", "Task method is generic",
            "Task method '{0}' is generic; a task handler cannot have type parameters",
            Declaration, DiagnosticSeverity.Error,
            "A job carries its arguments as JSON and names one handler. The worker cannot choose type arguments for a generic method.");

        /// <summary>BNT011: "Parameter '{0}' of task '{1}' is {2}; task parameters must be passed by value".</summary>
        public static readonly DiagnosticDescriptor TaskParameterByReference = Create(
            "BNT011", "Task parameter is by-reference or a pointer",
            "Parameter '{0}' of task '{1}' is {2}; task parameters must be passed by value",
            Declaration, DiagnosticSeverity.Error,
            "Arguments travel through the queue as JSON, possibly to another machine. A ref, out, in or pointer parameter cannot.");

        /// <summary>BNT012: "Task '{0}' has more than one {1} parameter; keep one" ({1}: CancellationToken, TaskContext or IProgress&lt;T&gt;).</summary>
        public static readonly DiagnosticDescriptor InjectedParameterRepeated = Create(
            "BNT012", "Task method has more than one CancellationToken, TaskContext or IProgress<T>",
            "Task '{0}' has more than one {1} parameter; keep one",
            Declaration, DiagnosticSeverity.Error,
            "The worker injects the job's one CancellationToken (it fires on timeout, cancel and shutdown), its one TaskContext and one IProgress<T> (the job stores one progress value). A second parameter of any of these could only receive the same thing again, so it is rejected and the generator emits nothing for the task.");

        /// <summary>BNT013: "Task method '{0}' is async void; return Task so the worker can await it and see its failures".</summary>
        public static readonly DiagnosticDescriptor TaskMethodAsyncVoid = Create(
            "BNT013", "Task method is async void",
            "Task method '{0}' is async void; return Task so the worker can await it and see its failures",
            Declaration, DiagnosticSeverity.Error,
            "The worker cannot await an async void method: it would ack the job before the work is done, and an exception would crash the process instead of retrying the job.");

        /// <summary>BNT014: "Task method '{0}' returns '{1}'; expected Task, ValueTask, Task&lt;T&gt; or ValueTask&lt;T&gt;".</summary>
        public static readonly DiagnosticDescriptor TaskReturnTypeUnsupported = Create(
            "BNT014", "Task method return type is unsupported",
            "Task method '{0}' returns '{1}'; expected Task, ValueTask, Task<T> or ValueTask<T>",
            Declaration, DiagnosticSeverity.Error,
            "The worker awaits every handler; a result, if any, is the T of Task<T> or ValueTask<T>.");

        /// <summary>BNT015: "Task method '{0}' is {1}; the generated invoker needs it to be internal or public".</summary>
        public static readonly DiagnosticDescriptor TaskMethodInaccessible = Create(
            "BNT015", "Task method is not accessible",
            "Task method '{0}' is {1}; the generated invoker needs it to be internal or public",
            Declaration, DiagnosticSeverity.Error,
            "The generated invoker lives outside the handler's type and calls the method directly, without reflection.");

        /// <summary>BNT016: "Parameter '{0}' of '{1}' is marked [Sensitive], but {2}; the attribute has no effect".</summary>
        public static readonly DiagnosticDescriptor SensitiveParameterIneffective = Create(
            "BNT016", "[Sensitive] has no effect here",
            "Parameter '{0}' of '{1}' is marked [Sensitive], but {2}; the attribute has no effect",
            Declaration, DiagnosticSeverity.Warning,
            "[Sensitive] tells payload views (the dashboard) to redact a task's argument. Only the payload parameters of a [BananaTask] method are recorded; anywhere else nothing reads it, so a value the author meant to hide would be shown.");

        /// <summary>
        /// BNT017: "{3} '{0}' {1}{2}" — a UniqueBy or DebounceBy entry, PartitionBy or SequenceBy ({3}: <c>UniqueBy entry</c>,
        /// <c>PartitionBy</c>, <c>SequenceBy</c>, <c>DebounceBy entry</c>) that is not a payload parameter of the task.
        /// </summary>
        public static readonly DiagnosticDescriptor UniqueByNotParameter = Create(
            "BNT017", "UniqueBy, PartitionBy, SequenceBy or DebounceBy names no parameter of the task",
            "{3} '{0}' {1}{2}",
            Declaration, DiagnosticSeverity.Error,
            "UniqueBy lists the parameters whose values make a unique job's key; PartitionBy names the parameter whose value partitions the rate and concurrency limits; SequenceBy the one whose value keys a sequence; DebounceBy the ones whose values make the debounce key. The generated proxy reads each named argument when it enqueues; a name that is not a payload parameter (a typo, a renamed parameter, the injected CancellationToken or TaskContext) has no value to read.");

        /// <summary>
        /// BNT018: "{3} parameter '{0}' of type '{1}' has no stable text form for {4}: {2}" ({3}: <c>UniqueBy</c>,
        /// <c>PartitionBy</c>, <c>SequenceBy</c> or <c>DebounceBy</c>; {4}: <c>a unique key</c>, <c>a rate partition</c>,
        /// <c>a concurrency partition</c>, <c>a rate and concurrency partition</c>, <c>a sequence key</c> or <c>a debounce key</c>).
        /// </summary>
        public static readonly DiagnosticDescriptor UniqueByUnstable = Create(
            "BNT018", "UniqueBy, PartitionBy, SequenceBy or DebounceBy parameter has no stable text form",
            "{3} parameter '{0}' of type '{1}' has no stable text form for {4}: {2}; key by a string, number, bool, char, Guid, date or time, enum (or a nullable of one) parameter",
            Declaration, DiagnosticSeverity.Error,
            "A unique key is the text of the UniqueBy arguments, hashed; a partition the text of the PartitionBy argument; a sequence key the text of the SequenceBy argument; a debounce key the text of the DebounceBy arguments. Equal arguments must give equal text in every process and culture, or duplicates slip through, one partition's jobs share another's limit, one sequence's jobs overtake each other; only strings, numbers, bools, chars, Guids, dates and times, enums and nullables of those have such a text form.");

        /// <summary>BNT019: "{0}" — a unique scope or period the client would refuse on every enqueue.</summary>
        public static readonly DiagnosticDescriptor UniqueSettingInvalid = Create(
            "BNT019", "Unique scope or period is invalid",
            "{0}",
            Declaration, DiagnosticSeverity.Error,
            "UniqueScope.ForPeriod holds the key for UniqueForSeconds seconds, so it needs a positive period; with the other scopes UniqueForSeconds is an optional bound (0: none) and cannot be negative, and no lock is held for more than 366 days. The client refuses such options on every enqueue.");

        /// <summary>BNT009: "{0} has no effect: Unique is None; ..." — a unique setting without a unique scope.</summary>
        public static readonly DiagnosticDescriptor UniqueSettingIneffective = Create(
            "BNT009", "Unique setting has no effect without Unique",
            "{0} has no effect: Unique is None, so the task's jobs are not unique; set Unique to a scope such as UniqueScope.WhileQueued, or remove {0}",
            Declaration, DiagnosticSeverity.Warning,
            "UniqueBy and UniqueForSeconds shape a unique job's key and lock. Without a Unique scope on the attribute the generated proxy sets neither, so the author's intent (one job per key) is silently lost.");

        /// <summary>BNT023: "{0}" — a rate limit or period the client would refuse on every enqueue.</summary>
        public static readonly DiagnosticDescriptor RateSettingInvalid = Create(
            "BNT023", "Rate limit or period is invalid",
            "{0}",
            Declaration, DiagnosticSeverity.Error,
            "RateLimit is the number of starts per RatePeriodSeconds (0: no limit, never negative); the period is from 1 second to a day, and starts must be at least 1 ms apart (RatePeriodSeconds * 1000 / RateLimit >= 1). The client refuses any other RateLimit on every enqueue.");

        /// <summary>
        /// BNT024: "{0} has no effect: {1}; {2}, or remove {0}" — RatePeriodSeconds without a rate limit, or PartitionBy without
        /// a rate or concurrency limit ({1}: why; {2}: what to set).
        /// </summary>
        public static readonly DiagnosticDescriptor RateSettingIneffective = Create(
            "BNT024", "Rate or partition setting has no effect without a limit",
            "{0} has no effect: {1}; {2}, or remove {0}",
            Declaration, DiagnosticSeverity.Warning,
            "RatePeriodSeconds shapes a rate limit's period, PartitionBy the partitions of the rate and concurrency limits. Without a RateLimit (for RatePeriodSeconds), or without a RateLimit and a ConcurrencyLimit (for PartitionBy), on the attribute the generated proxy sets none of them, so the author's intent (a bounded start rate, per-partition limits) is silently lost.");

        /// <summary>BNT025: "{0}" — a concurrency limit, scope, sequence hold or debounce window the client would refuse on every enqueue.</summary>
        public static readonly DiagnosticDescriptor FlowSettingInvalid = Create(
            "BNT025", "Concurrency, sequence or debounce setting is invalid",
            "{0}",
            Declaration, DiagnosticSeverity.Error,
            "ConcurrencyLimit is the number of the task's jobs that may run at once, from 1 to 10000 (0: no limit, never negative); DebounceSeconds is the debounce window, from 1 second to 366 days (0: none); ConcurrencyScope and SequenceHold take only the members of their enums. The client refuses any other value on every enqueue.");

        /// <summary>BNT026: "{0}" — flow-control settings that contradict each other (the client refuses two of them, or one undoes the other).</summary>
        public static readonly DiagnosticDescriptor FlowSettingsConflict = Create(
            "BNT026", "Flow-control settings conflict",
            "{0}",
            Declaration, DiagnosticSeverity.Error,
            "Unique, DebounceSeconds and Replace each decide what a second enqueue with the same key does, so at most one of them can be set (the client refuses two on every enqueue). A sequence (SequenceBy) runs one job per value at a time, so a ConcurrencyLimit above 1 partitioned by the same parameter is never reached.");

        /// <summary>BNT027: "{0} has no effect: {1}; {2}, or remove {0}" — a concurrency, sequence or debounce setting without the setting it shapes.</summary>
        public static readonly DiagnosticDescriptor FlowSettingIneffective = Create(
            "BNT027", "Concurrency, sequence or debounce setting has no effect",
            "{0} has no effect: {1}; {2}, or remove {0}",
            Declaration, DiagnosticSeverity.Warning,
            "ConcurrencyScope shapes a concurrency limit, SequenceHold a sequence, DebounceBy a debounce or replace key. Without ConcurrencyLimit, SequenceBy, or DebounceSeconds and Replace on the attribute the generated proxy sets none of them, so the author's intent is silently lost.");

        /// <summary>BNT028: "[BananaArgument(\"{0}\")] on parameter '{1}' of '{2}' has no effect: {3}" — an old name the decoder does not read.</summary>
        public static readonly DiagnosticDescriptor OldNameIneffective = Create(
            "BNT028", "[BananaArgument] has no effect here",
            "[BananaArgument(\"{0}\")] on parameter '{1}' of '{2}' has no effect: {3}; remove it, or put the old name on the payload parameter that replaced it",
            Declaration, DiagnosticSeverity.Warning,
            "[BananaArgument(\"old\")] makes the generated decoder read a payload property of an old name into a renamed parameter of a [BananaTask] method, so jobs queued before the rename still run. Outside a task, on an injected parameter, or with a name another parameter already reads, nothing reads it, and the queued jobs it was meant to save would fail.");

        /// <summary>BNT020: "Type '{0}' of task '{1}' is an open generic type; a task must be declared in a non-generic type".</summary>
        public static readonly DiagnosticDescriptor ContainingTypeGeneric = Create(
            "BNT020", "Task is declared in a generic type",
            "Type '{0}' of task '{1}' is an open generic type; a task must be declared in a non-generic type",
            Declaration, DiagnosticSeverity.Error,
            "The worker resolves the handler's type without type arguments, so the type and the types around it cannot be generic.");

        /// <summary>BNT021: "Type '{0}' of task '{1}' is {2}; the generated code needs it to be internal or public".</summary>
        public static readonly DiagnosticDescriptor ContainingTypeInaccessible = Create(
            "BNT021", "Task is declared in an inaccessible type",
            "Type '{0}' of task '{1}' is {2}; the generated code needs it to be internal or public",
            Declaration, DiagnosticSeverity.Error,
            "The generated proxy, invoker and registration live outside the handler's type and must be able to name it.");

        /// <summary>BNT022: "Instance task '{0}' is declared in {2} '{1}', which the worker cannot create per job; make the method static or move it to a concrete class".</summary>
        public static readonly DiagnosticDescriptor ContainingTypeAbstract = Create(
            "BNT022", "Instance task is declared in a type the worker cannot create",
            "Instance task '{0}' is declared in {2} '{1}', which the worker cannot create per job; make the method static or move it to a concrete class",
            Declaration, DiagnosticSeverity.Error,
            "For an instance task the worker creates the handler's class from DI for each job. An abstract class, an interface or a struct cannot be.");

        /// <summary>BNT030: "Proxy '{0}' of task '{1}' collides with the existing type or namespace '{2}'; set Name or ProxyName on [BananaTask] to choose another proxy name".</summary>
        public static readonly DiagnosticDescriptor ProxyNameCollision = Create(
            "BNT030", "Generated proxy name collides with an existing type",
            "Proxy '{0}' of task '{1}' collides with the existing type or namespace '{2}'; set Name or ProxyName on [BananaTask] to choose another proxy name",
            Declaration, DiagnosticSeverity.Error,
            "The generator emits a proxy type named after the task (ProxyName, else the method name) in the handler's namespace. With a type or namespace of that name already there it cannot, and it emits nothing for the task.");

        /// <summary>BNT050: "Parameter '{0}' of task '{1}' has type '{2}', which cannot be serialized: {3}".</summary>
        public static readonly DiagnosticDescriptor ParameterTypeUnserializable = Create(
            "BNT050", "Task parameter type cannot be serialized",
            "Parameter '{0}' of task '{1}' has type '{2}', which cannot be serialized: {3}",
            Serialization, DiagnosticSeverity.Error,
            "Arguments are stored as JSON in the job and read back by a worker, possibly in another process. Delegates, pointers, streams, open generic types and interfaces or abstract types without [JsonDerivedType] cannot make that trip.");

        /// <summary>BNT051: "Result type '{0}' of task '{1}' cannot be serialized: {2}".</summary>
        public static readonly DiagnosticDescriptor ResultTypeUnserializable = Create(
            "BNT051", "Task result type cannot be serialized",
            "Result type '{0}' of task '{1}' cannot be serialized: {2}",
            Serialization, DiagnosticSeverity.Error,
            "A task result is stored as JSON for EnqueueAndWaitAsync callers. Delegates, streams, open generic types and interfaces or abstract types without [JsonDerivedType] cannot be.");

        /// <summary>BNT052: "Type '{0}' used by task '{1}' has no JSON metadata from a registered JsonSerializerContext{2}; serializing it will fail at run time".</summary>
        public static readonly DiagnosticDescriptor TypeNotInJsonContext = Create(
            "BNT052", "Type is not covered by a registered JsonSerializerContext",
            "Type '{0}' used by task '{1}' has no JSON metadata from a registered JsonSerializerContext{2}; serializing it will fail at run time",
            Serialization, DiagnosticSeverity.Warning,
            "Types other than strings, numbers, bool, char, Guid, DateTime, DateTimeOffset, TimeSpan and enums are serialized through the JsonSerializerContext registered with [assembly: BananasJsonContext(typeof(...))], which is trim- and Native-AOT-safe. A type that context has no metadata for makes enqueueing or running the task fail, unless AllowReflection = true (which Native AOT breaks).");

        /// <summary>BNT100: "Cron expression '{0}' is invalid: {1}".</summary>
        public static readonly DiagnosticDescriptor CronExpressionInvalid = Create(
            "BNT100", "Cron expression is invalid",
            "Cron expression '{0}' is invalid: {1}",
            Scheduling, DiagnosticSeverity.Error,
            "The scheduler parses Cron with Cronos (5 fields, or 6 with seconds first). The analyzer runs the same parser, so an expression it rejects would throw at startup.");

        /// <summary>BNT101: "Time zone '{0}' is not known; expected an IANA id such as 'Europe/Berlin' or a Windows id".</summary>
        public static readonly DiagnosticDescriptor TimeZoneUnknown = Create(
            "BNT101", "Time zone is unknown",
            "Time zone '{0}' is not known; expected an IANA id such as 'Europe/Berlin' or a Windows id",
            Scheduling, DiagnosticSeverity.Error,
            "The scheduler looks the time zone up with TimeZoneInfo.FindSystemTimeZoneById and fails at startup on an unknown id.");

        /// <summary>BNT102: "Periodic task '{0}': {1}" (the arguments of its jobs are missing or do not fit its parameters).</summary>
        public static readonly DiagnosticDescriptor CronArgsInvalid = Create(
            "BNT102", "Periodic task arguments are missing or invalid",
            "Periodic task '{0}': {1}",
            Scheduling, DiagnosticSeverity.Error,
            "Every job of a [BananaTask(Cron = ...)] schedule gets the same arguments: CronArgs, a JSON object keyed by parameter name, or else the parameters' default values. Without either the schedule cannot be registered; a payload that does not fit the parameters would fail every job with a TaskPayloadException.");

        /// <summary>BNT130: "Task name '{0}' is used by more than one task ({1}); set a distinct Name".</summary>
        public static readonly DiagnosticDescriptor TaskNameDuplicate = Create(
            "BNT130", "Task name is used twice",
            "Task name '{0}' is used by more than one task ({1}); set a distinct Name",
            Declaration, DiagnosticSeverity.Error,
            "A job names its handler by task name. Two handlers with one name cannot both be registered: the worker refuses to start.",
            CompilationEndTag);

        /// <summary>BNT131: "Proxy '{0}' is generated for more than one task in namespace '{1}' ({2}); set ProxyName on one of them".</summary>
        public static readonly DiagnosticDescriptor ProxyNameDuplicate = Create(
            "BNT131", "Two tasks generate the same proxy type",
            "Proxy '{0}' is generated for more than one task in namespace '{1}' ({2}); set ProxyName on one of them",
            Declaration, DiagnosticSeverity.Error,
            "Each task gets a proxy type named ProxyName, else the method name, in its handler's namespace. Two tasks with the same proxy name in one namespace would generate the same type twice.",
            CompilationEndTag);

        /// <summary>BNT170: "Step '{0}' takes '{1}' as its first parameter '{2}', but the step before it produces '{3}'; …".</summary>
        public static readonly DiagnosticDescriptor WorkflowStepInputMismatch = Create(
            "BNT170", "Workflow step does not take the result of the step before it",
            "Step '{0}' takes '{1}' as its first parameter '{2}', but the step before it produces '{3}'; pass a step whose result is '{1}', or change the parameter's type",
            Usage, DiagnosticSeverity.Error,
            "Then passes the result of a step (or the list of a group's results) to the first parameter of the next step's task. When that parameter's type does not take the result, the generated Call does not fit and the compiler reports a generic error on Then; this rule names the step, the parameter and both types.");
        /// <summary>BNT140: a task of the shipped contract that no [BananaTask] has the name of any more ({0}: the task name).</summary>
        public static readonly DiagnosticDescriptor ContractTaskRemoved = Create(
            "BNT140", "Shipped task no longer exists",
            "Task '{0}' is in BananaTasks.Shipped.txt, but no [BananaTask] has that name; queued jobs of '{0}' would fail: no handler is registered for them; if the task was renamed, set [BananaTask(Name = \"{0}\")] on it; to drop its queued jobs on purpose, move the line 'task {0}' to the #removed section at the end of BananaTasks.Shipped.txt",
            Contracts, DiagnosticSeverity.Error,
            "BananaTasks.Shipped.txt lists the tasks whose jobs may be waiting in Redis. A job names its handler by task name; when no task has that name any more, every queued job of it fails on the worker.",
            CompilationEndTag);

        /// <summary>BNT141: a shipped parameter that no parameter of the task reads any more ({0}: task, {1}: parameter, {2}: method).</summary>
        public static readonly DiagnosticDescriptor ContractParameterRemoved = Create(
            "BNT141", "Shipped parameter is no longer read",
            "Parameter '{1}' of task '{0}' is in BananaTasks.Shipped.txt, but no parameter of {2} reads it; queued jobs of '{0}' carry '{1}', and after this change they would fail to decode with a TaskPayloadException (unexpected property '{1}'); if the parameter was renamed, add [BananaArgument(\"{1}\")] to it; to drop those jobs on purpose, move its param line to the #removed section of BananaTasks.Shipped.txt",
            Contracts, DiagnosticSeverity.Error,
            "Jobs already queued carry their arguments as JSON keyed by the parameter names of the code that enqueued them. The generated decoder rejects a property no parameter reads, so renaming or removing a shipped parameter fails every queued job of the task, unless the renamed parameter keeps the old name with [BananaArgument(\"old\")].");

        /// <summary>BNT142: a shipped parameter whose type changed in a way queued values do not survive ({0}: task, {1}: parameter, {2}: shipped type, {3}: current type, {4}: why).</summary>
        public static readonly DiagnosticDescriptor ContractParameterTypeChanged = Create(
            "BNT142", "Shipped parameter's type changed incompatibly",
            "Parameter '{1}' of task '{0}' is '{2}' in BananaTasks.Shipped.txt and '{3}' now: {4}; queued jobs of '{0}' would fail to decode with a TaskPayloadException; keep '{2}' or change it compatibly (a wider number, or '{2}' to a nullable), or move its param line to the #removed section of BananaTasks.Shipped.txt to drop those jobs on purpose",
            Contracts, DiagnosticSeverity.Error,
            "Queued jobs hold the parameter's value as the shipped type wrote it. The same type, T to T?, an integer to a wider integer (or to double or decimal when every value fits) and float to double read every such value; any other change can fail them.");

        /// <summary>BNT143: a required parameter that queued jobs do not all carry ({0}: task, {1}: parameter, {2}: why, {3}: the other way out).</summary>
        public static readonly DiagnosticDescriptor ContractParameterRequired = Create(
            "BNT143", "Required parameter is missing from queued jobs",
            "Parameter '{1}' of task '{0}' is required, but {2}; queued jobs of '{0}' would fail to decode with a TaskPayloadException (the property is missing); give '{1}' a default value{3}",
            Contracts, DiagnosticSeverity.Error,
            "The generated decoder fills a parameter the payload lacks with its default value, and fails the job when the parameter has none. A parameter added as required, or made required after it shipped as optional, fails every queued job that lacks it.");

        /// <summary>BNT144: a task that neither contract file lists ({0}: the task name).</summary>
        public static readonly DiagnosticDescriptor ContractTaskUnrecorded = Create(
            "BNT144", "Task is not in the payload contract",
            "Task '{0}' is not in BananaTasks.Shipped.txt or BananaTasks.Unshipped.txt; add its entry to BananaTasks.Unshipped.txt, so that its payload is checked once it ships",
            Contracts, DiagnosticSeverity.Warning,
            "A project that keeps payload contract files records every task: new ones in BananaTasks.Unshipped.txt, and at a release the author moves them to BananaTasks.Shipped.txt. A task in neither file has no contract, so a rename of it or of its parameters would not be caught.");

        /// <summary>BNT145: a line of a contract file that is no entry ({0}: the file name, {1}: what is wrong).</summary>
        public static readonly DiagnosticDescriptor ContractLineInvalid = Create(
            "BNT145", "Payload contract line is invalid",
            "This line of {0} is not a contract entry: {1}",
            Contracts, DiagnosticSeverity.Error,
            "A line the analyzer cannot read is a contract it cannot check: a task or parameter on it would not be protected. Each line is 'task <name>', 'param <task> <parameter> required|optional <type>', a '#' comment, the '#removed' header (shipped file) or blank.",
            CompilationEndTag);

        private static DiagnosticDescriptor Create(
            string id, string title, string messageFormat, string category, DiagnosticSeverity severity, string description, params string[] tags) =>
            new DiagnosticDescriptor(
                id, title, messageFormat, category, severity,
                isEnabledByDefault: true,
                description: description,
                helpLinkUri: string.Format(System.Globalization.CultureInfo.InvariantCulture, HelpLinkFormat, id),
                customTags: tags);
    }
}

using System.Globalization;
using System.Text;
using Bananas.Tasks.Client;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Bananas.Tasks.Chaos.Scenarios;

/// <summary>
/// One bad-input case (reliability-plan.md §5.7): <see cref="Setup"/> writes raw records or keys straight into Redis,
/// as a foreign producer or an operator could (or acts as a client whose Redis user an ACL restricts), and returns the
/// id it planted, as raw bytes (an id need not be UTF-8); the outcome is then classified (<c>completed</c>,
/// <c>dead:&lt;error_type&gt;</c>, <c>ran-twice</c>, <c>stranded:&lt;status&gt;</c>, …) and compared with
/// <see cref="Expect"/>. <see cref="KnownOpen"/> names the open engine bug the case waits for: a mismatch there is
/// reported as "open", not as a failure, and the gate flips on by itself once the outcome matches.
/// <see cref="Worker"/>: the case's job runs on its own route, served by a worker process that connects as this ACL user.
/// </summary>
internal sealed record BadInputCase(string Id, string Group, string Description, string Expect, Func<BadInputEnv, Task<RedisValue>> Setup, string? KnownOpen = null, bool Isolate = false, AclUser? Worker = null)
{
    /// <summary>An ACL worker case whose restricted worker must be the only one running (its maintenance is what it checks): a round of its own.</summary>
    public bool Alone { get; init; }

    /// <summary>How long the first phase of an ACL round waits for the planted job to settle on its restricted worker.</summary>
    public int WaitSeconds { get; init; } = 4;

    /// <summary>
    /// Cases that need a fresh dataset and nothing else beside their good jobs: known-open ones (they can strand the
    /// batch), and those that change a shared key (a queue of another type) or need a batch of their own to prove it is not harmed.
    /// ACL worker cases have a round of their own (all of them together, each on its own route).
    /// </summary>
    public bool Isolated => Worker is null && (Isolate || KnownOpen is not null);
}

/// <summary>
/// A Redis ACL user made for one case (<c>ACL SETUSER name reset on &gt;password rules…</c>), and the route its worker
/// serves when the case runs a worker as that user. The users are made once per scenario; FLUSHALL leaves them.
/// </summary>
internal sealed record AclUser(string Name, string Route, params string[] Rules)
{
    public const string Password = "chaos-acl-secret";

    public string Url(int port) => $"redis://{Name}:{Password}@127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";

    public Task CreateAsync(IServer server) =>
        server.ExecuteAsync("ACL", ["SETUSER", Name, "reset", "on", ">" + Password, .. Rules]);
}

/// <summary>What a case's setup may use: the raw database, a helper that writes a record exactly as our client would, clients that connect as ACL users, and notes that become part of the outcome.</summary>
internal sealed class BadInputEnv(IDatabase db, IBananasClient client, int port) : IAsyncDisposable
{
    public const string Prefix = ChaosConfig.Prefix;
    private readonly Dictionary<string, ServiceProvider> _providers = new(StringComparer.Ordinal);
    private readonly List<string> _notes = new();
    public IDatabase Db { get; } = db;
    public IBananasClient Client { get; } = client;

    public static string Now() => DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>The job key of a raw id (bytes kept as they are).</summary>
    public static RedisKey JobKey(RedisValue id) => Encoding.ASCII.GetBytes($"{Prefix}:job:").Concat((byte[])id!).ToArray();

    /// <summary>The result key of a raw id.</summary>
    public static RedisKey ResultKey(RedisValue id) => Encoding.ASCII.GetBytes($"{Prefix}:result:").Concat((byte[])id!).ToArray();

    /// <summary>The fields our client writes for a pending noop job (max_retries 0: one failure dead-letters it).</summary>
    public static Dictionary<string, RedisValue> GoodFields(RedisValue id, string route = "default") => new(StringComparer.Ordinal)
    {
        ["id"] = id, ["name"] = ChaosConfig.Noop, ["payload"] = "{}", ["priority"] = "normal", ["routing_key"] = route,
        ["attempts"] = "0", ["max_retries"] = "0", ["status"] = "pending", ["created_at"] = Now(), ["updated_at"] = Now(),
    };

    /// <summary>Writes a record (fields changed by <paramref name="edit"/>) and queues its id on route:priority.</summary>
    public async Task<RedisValue> PlantAsync(Action<Dictionary<string, RedisValue>> edit, RedisValue id = default, string priority = "normal", string route = "default")
    {
        if (id.IsNull) id = Guid.NewGuid().ToString("D");
        var fields = GoodFields(id, route);
        edit(fields);
        await Db.HashSetAsync(JobKey(id), fields.Select(kv => new HashEntry(kv.Key, kv.Value)).ToArray());
        await QueueAsync(id, priority, route);
        return id;
    }

    public async Task QueueAsync(RedisValue id, string priority = "normal", string route = "default")
    {
        await Db.SetAddAsync($"{Prefix}:routes", route);
        await Db.ListLeftPushAsync($"{Prefix}:route:{route}:queue:{priority}", id);
    }

    /// <summary>A client (and its admin) that connects as <paramref name="user"/>; made once per user, disposed with the env.</summary>
    public IBananasClient ClientAs(AclUser user)
    {
        if (!_providers.TryGetValue(user.Name, out var provider))
        {
            var services = new ServiceCollection();
            services.AddBananas(o => o.Prefix = Prefix).UseRedis(user.Url(port));
            provider = services.BuildServiceProvider();
            _providers[user.Name] = provider;
        }
        return provider.GetRequiredService<IBananasClient>();
    }

    /// <summary>Adds an observation of the setup (what a call answered) to the case's outcome.</summary>
    public void Note(string text) => _notes.Add(text);

    /// <summary>The notes since the last call, as an outcome suffix ("" when none).</summary>
    public string TakeNotes()
    {
        var text = _notes.Count == 0 ? "" : " (" + string.Join("; ", _notes) + ")";
        _notes.Clear();
        return text;
    }

    /// <summary>"TypeName: first words" of an exception, for notes: stable across runs (no ids, no ports).</summary>
    public static string Brief(Exception ex)
    {
        var inner = ex is RedisException ? ex : ex.InnerException as RedisException ?? ex;
        var words = inner.Message.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(1);
        return $"{ex.GetType().Name} {string.Join(' ', words)}";
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var p in _providers.Values) await p.DisposeAsync();
    }
}

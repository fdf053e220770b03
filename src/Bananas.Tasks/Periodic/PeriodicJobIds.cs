using System.Security.Cryptography;
using System.Text;

namespace Bananas.Tasks.Periodic;

/// <summary>
/// The deterministic job id of each occurrence. Every scheduler instance derives the same id for the same
/// (schedule, occurrence), so a second enqueue of an occurrence is a no-op in the engine: this, not leader
/// election, is what makes "each occurrence once" hold when several schedulers race.
/// </summary>
/// <remarks>
/// The id is a name-based UUID, version 5 (SHA-1, RFC 9562 §5.5), in the namespace <see cref="Namespace"/>, of the
/// UTF-8 name <c>{schedule}/{unix-seconds-of-the-occurrence-in-UTC}</c>, formatted lowercase and hyphenated like every
/// other job id. Any language can compute it.
/// </remarks>
public static class PeriodicJobIds
{
    /// <summary>The UUID namespace of periodic job ids: <c>5b0c1f7e-93a4-4c55-9d0e-6a1f4d2e8b31</c>.</summary>
    public static readonly Guid Namespace = new("5b0c1f7e-93a4-4c55-9d0e-6a1f4d2e8b31");

    /// <summary>The job id of <paramref name="scheduleName"/>'s occurrence at <paramref name="occurrence"/> (whole seconds count).</summary>
    public static JobId For(string scheduleName, DateTimeOffset occurrence)
    {
        ArgumentException.ThrowIfNullOrEmpty(scheduleName);
        return JobId.Parse(NameBasedUuid(Namespace, scheduleName + "/" + occurrence.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    /// <summary>A version-5 UUID of <paramref name="name"/> in <paramref name="namespaceId"/>, lowercase and hyphenated.</summary>
    internal static string NameBasedUuid(Guid namespaceId, string name)
    {
        Span<byte> ns = stackalloc byte[16];
        namespaceId.TryWriteBytes(ns, bigEndian: true, out _);
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var input = new byte[16 + nameBytes.Length];
        ns.CopyTo(input);
        nameBytes.CopyTo(input, 16);
        Span<byte> hash = stackalloc byte[20];
#pragma warning disable CA5350 // SHA-1 is what RFC 9562 prescribes for version-5 UUIDs; it is an identifier, not a security boundary.
        SHA1.HashData(input, hash);
#pragma warning restore CA5350
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true).ToString("D");
    }
}

using System.Net;
using Bananas.Tasks.Redis;

namespace Bananas.Tasks.Tests.Engine;

public sealed class RedisConnectionStringTests
{
    private static (string Host, int Port) Endpoint(StackExchange.Redis.ConfigurationOptions options) => Assert.Single(options.EndPoints) switch
    {
        DnsEndPoint dns => (dns.Host, dns.Port),
        IPEndPoint ip => (ip.Address.ToString(), ip.Port),
        var other => throw new InvalidOperationException(other.ToString()),
    };

    [Fact]
    public void A_redis_url_with_everything()
    {
        var options = RedisConnectionString.Parse("redis://app:s%40cret@cache.internal:6380/3");
        Assert.Equal(("cache.internal", 6380), Endpoint(options));
        Assert.Equal("app", options.User);
        Assert.Equal("s@cret", options.Password);
        Assert.Equal(3, options.DefaultDatabase);
        Assert.False(options.Ssl);
        Assert.False(options.AbortOnConnectFail);
    }

    [Theory]
    [InlineData("redis://localhost", "localhost", 6379)]
    [InlineData("redis://localhost:6379", "localhost", 6379)]
    [InlineData("redis://127.0.0.1:7000/", "127.0.0.1", 7000)]
    [InlineData("  redis://redis:6379/0  ", "redis", 6379)]
    [InlineData("redis://[::1]:6390", "::1", 6390)]
    public void Host_and_port_default_sensibly(string url, string host, int port)
    {
        var options = RedisConnectionString.Parse(url);
        Assert.Equal((host, port), Endpoint(options));
        Assert.Null(options.Password);
        Assert.Null(options.User);
        Assert.False(options.AbortOnConnectFail);
    }

    [Fact]
    public void A_password_without_a_user()
    {
        var options = RedisConnectionString.Parse("redis://:hunter2@localhost:6379");
        Assert.Null(options.User);
        Assert.Equal("hunter2", options.Password);
    }

    [Fact]
    public void Rediss_turns_on_tls_for_the_host()
    {
        var options = RedisConnectionString.Parse("rediss://default:pw@redis.example.com:6380");
        Assert.True(options.Ssl);
        Assert.Equal("redis.example.com", options.SslHost);
        Assert.Equal(("redis.example.com", 6380), Endpoint(options));
    }

    [Fact]
    public void A_stackexchange_configuration_string_is_accepted()
    {
        var options = RedisConnectionString.Parse("localhost:6390,password=pw,ssl=false,abortConnect=true");
        Assert.Equal(("localhost", 6390), Endpoint(options));
        Assert.Equal("pw", options.Password);
        Assert.False(options.AbortOnConnectFail); // always off: a worker started while Redis is down keeps reconnecting
    }

    [Theory]
    [InlineData("", "is empty")]
    [InlineData("   ", "is empty")]
    [InlineData("http://localhost:6379", "the scheme 'http' is not redis, rediss, redis-sentinel or rediss-sentinel")]
    [InlineData("redis://localhost:6379/zero", "the database 'zero' is not a non-negative integer")]
    [InlineData("redis://localhost:6379/0?timeout=5", "query strings")]
    [InlineData("redis://:pw@", "")]
    [InlineData("localhost:6379,nonsense=1", "nonsense")]
    [InlineData("password=only", "names no host")]
    public void Bad_values_are_refused_with_a_message_naming_them_and_the_accepted_forms(string value, string reason)
    {
        var error = Assert.Throws<ArgumentException>(() => RedisConnectionString.Parse(value));
        Assert.Contains(reason, error.Message);
        Assert.Contains("redis://[user][:password]@host[:port][/db]", error.Message);
        if (value.Trim().Length > 0) Assert.Contains("REDIS_URL '", error.Message);
        if (value.Contains("pw")) Assert.DoesNotContain("pw", error.Message.Replace("password", ""));
    }

    [Theory]
    [InlineData("redis://app:secret@host:6379/1", "redis://app:***@host:6379/1")]
    [InlineData("redis://secret@host", "redis://***@host")]
    [InlineData("host:6379,password=secret,ssl=true", "host:6379,password=***,ssl=true")]
    [InlineData("redis://host:6379", "redis://host:6379")]
    public void Redact_hides_passwords(string value, string expected) => Assert.Equal(expected, RedisConnectionString.Redact(value));

    [Fact]
    public void A_sentinel_url_names_the_sentinels_the_service_and_the_masters_credentials()
    {
        var options = RedisConnectionString.Parse("redis-sentinel://app:p%40ss@10.0.0.1,10.0.0.2:26380,[::1]:26381/mymaster/2");

        Assert.Equal("mymaster", options.ServiceName);
        Assert.Equal(2, options.DefaultDatabase);
        Assert.Equal(("app", "p@ss"), (options.User, options.Password));
        Assert.Equal(new[] { "10.0.0.1:26379", "10.0.0.2:26380", "[::1]:26381" }, options.EndPoints.Select(e => Format(e)));
        Assert.False(options.Ssl);
        Assert.True(RedisConnectionString.Parse("rediss-sentinel://s1/m").Ssl);
        // the configuration-string form works as it is
        Assert.Equal("mymaster", RedisConnectionString.Parse("s1:26379,s2:26379,serviceName=mymaster").ServiceName);
    }

    private static string Format(System.Net.EndPoint endpoint) => endpoint switch
    {
        System.Net.DnsEndPoint d => $"{d.Host}:{d.Port}",
        System.Net.IPEndPoint ip => ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{ip.Address}]:{ip.Port}" : $"{ip.Address}:{ip.Port}",
        _ => endpoint.ToString()!,
    };

    [Theory]
    [InlineData("redis-sentinel://s1:26379", "names no service")]
    [InlineData("redis-sentinel://s1:26379/", "names no service after the hosts")]
    [InlineData("redis-sentinel:///m", "names no sentinel host")]
    [InlineData("redis-sentinel://s1,,s2/m", "empty sentinel host")]
    [InlineData("redis-sentinel://s1:x/m", "the port of sentinel 's1:x'")]
    [InlineData("redis-sentinel://s1/m/zero", "the database 'zero'")]
    [InlineData("redis-sentinel://s1/m/0/extra", "expected /service or /service/db")]
    public void Bad_sentinel_urls_are_refused_with_the_reason(string value, string reason)
    {
        var error = Assert.Throws<ArgumentException>(() => RedisConnectionString.Parse(value));
        Assert.Contains(reason, error.Message);
        Assert.Contains("redis-sentinel://", error.Message);
    }
}

// Dashboard: the Bananas web dashboard over demo jobs.
//
//   dotnet run --project samples/Dashboard                                       # embedded in-memory engine
//   REDIS_URL=redis://localhost:6379 dotnet run --project samples/Dashboard      # on Redis
//
// then open http://localhost:5080/bananas (local requests only: the dashboard's default).
using Dashboard;

var builder = WebApplication.CreateBuilder(args);
builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

var bananas = builder.Services.AddBananas();          // Redis from REDIS_URL …
if (string.IsNullOrEmpty(builder.Configuration["REDIS_URL"]) && string.IsNullOrEmpty(builder.Configuration["Bananas:RedisUrl"]))
    bananas.UseInMemory();                              // … else the embedded engine, in any environment (a demo)
bananas.AddGeneratedTasks()                             // the demo tasks; their [Sensitive] parameters are redacted
    .AddWorker(o =>
    {
        o.RoutingKeys = ["images", "email", "billing", "default"]; // not "reports": its jobs wait, to show a backlog
        o.RegistrationInterval = TimeSpan.FromSeconds(2);
    });
builder.Services.AddSingleton(new PaymentGateway { IsDown = builder.Configuration.GetValue("DEMO_GATEWAY_DOWN", false) });
builder.Services.AddHostedService<DemoSeeder>();
builder.Services.AddBananasDashboard();

var app = builder.Build();
app.MapGet("/", () => Results.Redirect("/bananas"));
app.MapBananasDashboard("/bananas", o => o.ReadOnly = app.Configuration.GetValue("DASHBOARD_READ_ONLY", false));
app.Run();

/// <summary>For <c>WebApplicationFactory</c> and the tests.</summary>
public partial class Program;

return await Bananas.Tasks.Cli.BananasCli.RunAsync(args, Bananas.Tasks.Cli.CliIO.FromConsole());

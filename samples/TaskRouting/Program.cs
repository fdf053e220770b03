System.Console.WriteLine("TaskRouting sample: being built (issue 3).");

"""Model optimisation without Qt: converters (pure functions from one artifact to another),
and later quantizers, accuracy gates and plans. Every function here runs on whichever thread
or process calls it (the GUI runs them in a child process through ``ProcessJob``)."""

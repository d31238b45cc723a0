"""Other engines that map the same ``process()`` over the inputs (the local one is ``batch``)."""

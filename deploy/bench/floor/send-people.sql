call floor_send(50, false);

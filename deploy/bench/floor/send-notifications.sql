call floor_send(50, true);

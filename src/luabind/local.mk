# src/luabind: filled by its owner

# expect: fail flattens the batch axis too
# torch.flatten(x) without start_dim=1 flattens the whole batch into one vector, so fc1
# gets n * 400 features (a batch of one image would have worked).
class LeNet(LeNet):
    def forward(self, x):
        x = self.pool1(F.relu(self.conv1(x)))
        x = self.pool2(F.relu(self.conv2(x)))
        x = torch.flatten(x)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return self.fc3(x)

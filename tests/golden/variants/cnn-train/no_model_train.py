# expect: fail left the model in evaluation mode
# Never calls model.train(): after an evaluate() the model stays in eval mode, so dropout or
# batch norm (none in this LeNet, but in the next model) would not train.
def train_one_epoch(model, loader, optimizer):
    total_loss, seen = 0.0, 0
    for images, labels in loader:
        optimizer.zero_grad()
        loss = F.cross_entropy(model(images), labels)
        loss.backward()
        optimizer.step()
        total_loss += loss.item() * labels.shape[0]
        seen += labels.shape[0]
    return total_loss / seen
